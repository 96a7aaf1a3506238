import {
  currentRequestContext,
  MissingContextError,
  type Page,
  type QueryOptions,
  type QueryParameters,
  type QuerySchema,
  type ReadModelCollection,
  type ReadModelDocument,
  type SpecInput,
} from '@cqrs-ddd/core';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import type { ProjectionRuntime } from '../projection/projection-runtime.js';
import type { ProjectionWaitTarget } from '../projection/projection-runtime.options.js';

/**
 * Where a {@link ReadModelRepository} finds the runtime of its projection that serves the
 * caller: with per-tenant storage, the runtime on the storage target of the request's tenant.
 */
export interface ReadModelRuntimeSource {
  /** The projection's name. */
  readonly name: string;
  /** The runtime serving the caller now. */
  runtime(): Promise<ProjectionRuntime>;
}

/** Options of a {@link ReadModelRepository}. */
export interface ReadModelRepositoryOptions<T> {
  /**
   * Allow-list and paging limits of {@link ReadModelRepository.query} (see core's
   * `defineQuerySchema`): unknown fields, disallowed operators and oversized pages are rejected
   * with a `ValidationError`. @default none (`query` is unavailable)
   */
  readonly querySchema?: QuerySchema<T>;
}

/**
 * Reads a projection's read model for the current request's tenant (from the request context),
 * always on the generation that serves queries now, so a rebuild switch is invisible to callers,
 * and, with per-tenant storage, in the tenant's own schema or database. Reads are eventually
 * consistent: after a command, `waitFor` the version it produced to read your own writes.
 */
export class ReadModelRepository<T extends ReadModelDocument> {
  private readonly source: ReadModelRuntimeSource;

  /**
   * @param runtime the projection's runtime, or where to find the one serving each caller
   * (`ProjectionsService.readModelSourceOf`)
   */
  constructor(
    runtime: ProjectionRuntime | ReadModelRuntimeSource,
    private readonly options: ReadModelRepositoryOptions<T> = {},
  ) {
    this.source = isRuntimeSource(runtime)
      ? runtime
      : { name: runtime.name, runtime: () => Promise.resolve(runtime) };
  }

  /**
   * The document with `id`, or `undefined`.
   * @throws MissingContextError outside a request context with a tenant
   */
  async get(id: string): Promise<T | undefined> {
    return (await this.collection()).get(id);
  }

  /** One page of documents (filter, sort, limit, cursor, fields: see core `QueryOptions`). */
  async find(options?: QueryOptions<T>): Promise<Page<T>> {
    return (await this.collection()).find(options);
  }

  /** How many documents match `filter` (all of the tenant's when absent). */
  async count(filter?: SpecInput): Promise<number> {
    return (await this.collection()).count(filter);
  }

  /**
   * One page for raw API parameters (`filter`, `sort`, `limit`, `cursor` as REST query strings
   * or GraphQL arguments), checked against the repository's `querySchema`; `within` restricts
   * the results further, e.g. to what the caller may read (access-control push-down).
   * @throws ValidationError listing every invalid parameter
   * @throws ProjectionsConfigurationError when the repository has no `querySchema`
   */
  async query(parameters: QueryParameters = {}, within?: SpecInput): Promise<Page<T>> {
    const { querySchema } = this.options;
    if (!querySchema) {
      throw new ProjectionsConfigurationError(
        `The read-model repository of projection "${this.source.name}" has no querySchema: ` +
          'pass { querySchema: defineQuerySchema({...}) } to accept raw query parameters.',
      );
    }
    return this.find(querySchema.parse(parameters, within));
  }

  /**
   * Waits until the read model (of the caller's storage target) includes `target`; see
   * `ProjectionRuntime.waitFor`.
   */
  async waitFor(target: ProjectionWaitTarget, timeoutMs: number): Promise<boolean> {
    return (await this.source.runtime()).waitFor(target, timeoutMs);
  }

  private async collection(): Promise<ReadModelCollection<T>> {
    const tenantId = currentRequestContext()?.tenantId;
    if (!tenantId) throw new MissingContextError('tenantId');
    const runtime = await this.source.runtime();
    return runtime.readModels.collection<T>(runtime.activeCollection(), { tenantId });
  }
}

function isRuntimeSource(
  runtime: ProjectionRuntime | ReadModelRuntimeSource,
): runtime is ReadModelRuntimeSource {
  return typeof (runtime as Partial<ReadModelRuntimeSource>).runtime === 'function';
}
