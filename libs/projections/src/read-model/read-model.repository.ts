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
 * always on the generation that serves queries now, so a rebuild switch is invisible to callers.
 * Reads are eventually consistent: after a command, `waitFor` the version it produced to read
 * your own writes.
 */
export class ReadModelRepository<T extends ReadModelDocument> {
  constructor(
    private readonly runtime: ProjectionRuntime,
    private readonly options: ReadModelRepositoryOptions<T> = {},
  ) {}

  /**
   * The document with `id`, or `undefined`.
   * @throws MissingContextError outside a request context with a tenant
   */
  async get(id: string): Promise<T | undefined> {
    return this.collection().get(id);
  }

  /** One page of documents (filter, sort, limit, cursor, fields: see core `QueryOptions`). */
  async find(options?: QueryOptions<T>): Promise<Page<T>> {
    return this.collection().find(options);
  }

  /** How many documents match `filter` (all of the tenant's when absent). */
  async count(filter?: SpecInput): Promise<number> {
    return this.collection().count(filter);
  }

  /**
   * One page for raw API parameters (`filter`, `sort`, `limit`, `cursor` as REST query strings
   * or GraphQL arguments), checked against the repository's `querySchema`.
   * @throws ValidationError listing every invalid parameter
   * @throws ProjectionsConfigurationError when the repository has no `querySchema`
   */
  async query(parameters: QueryParameters = {}): Promise<Page<T>> {
    const { querySchema } = this.options;
    if (!querySchema) {
      throw new ProjectionsConfigurationError(
        `The read-model repository of projection "${this.runtime.name}" has no querySchema: ` +
          'pass { querySchema: defineQuerySchema({...}) } to accept raw query parameters.',
      );
    }
    return this.find(querySchema.parse(parameters));
  }

  /** Waits until the read model includes `target`; see `ProjectionRuntime.waitFor`. */
  waitFor(target: ProjectionWaitTarget, timeoutMs: number): Promise<boolean> {
    return this.runtime.waitFor(target, timeoutMs);
  }

  private collection(): ReadModelCollection<T> {
    const tenantId = currentRequestContext()?.tenantId;
    if (!tenantId) throw new MissingContextError('tenantId');
    return this.runtime.readModels.collection<T>(this.runtime.activeCollection(), { tenantId });
  }
}
