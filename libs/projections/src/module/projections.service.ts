import { AppendHooks } from '@cqrs-ddd/event-store';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import type { ProcessorEngine } from '../processor/processor-engine.js';
import type { ProjectionState } from '../projection/projection-state-store.port.js';
import {
  assertDistinctProjections,
  projectionMetadataOf,
} from '../projection/projection-metadata.js';
import type { ProjectionRuntime } from '../projection/projection-runtime.js';
import type {
  ProjectionRuntimeStatus,
  ProjectionWaitTarget,
} from '../projection/projection-runtime.options.js';
import { ProjectionDiscovery } from '../projection/projection.decorator.js';
import type { ReadModelRuntimeSource } from '../read-model/read-model.repository.js';
import { ProjectionTargets } from '../routing/projection-targets.js';
import { setProjectionSuspended } from '../routing/projection-suspension.js';
import type { ProjectionTargetStatus, TargetProjections } from '../routing/target-projections.js';
import type {
  TenantRebuildOptions,
  TenantRebuildResult,
} from '../routing/tenant-rebuild.options.js';
import { PROJECTIONS_MODULE_OPTIONS } from './projections.module-definition.js';
import type { ProjectionsModuleOptions } from './projections-module.options.js';
import type { ProjectionClass } from './projections.tokens.js';

/** A projection, by class or by `@Projection` name. */
export type ProjectionReference = ProjectionClass | string;

/** Which storage target an operation of {@link ProjectionsService} acts on. */
export interface ProjectionTargetOptions {
  /** The target of this tenant. @default the shared target */
  readonly tenantId?: string;
}

/**
 * The projections of the application: finds every `@Projection` provider at bootstrap, runs
 * each on every storage target (one `ProjectionRuntime` per projection and target, see
 * `ProjectionTargets`), and stops them on shutdown after their running batch. The entry point
 * for read-your-writes (`waitFor`), rebuilds and status (admin APIs, the CLI, health checks).
 *
 * Without a `StorageTargets` provider there is one target, the shared one. With it (tenants
 * with a schema or database of their own), `waitFor` and `status` answer for the caller's
 * target (`StorageTargets.current()`), `statusByTarget` lists every target, and
 * `rebuild(projection, { tenantId })` rebuilds one tenant.
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly unhooks: (() => void)[] = [];

  constructor(
    @Inject(PROJECTIONS_MODULE_OPTIONS) private readonly options: ProjectionsModuleOptions,
    /** The projections of every storage target (the shared one, and tenants' own). */
    readonly targets: ProjectionTargets,
    private readonly discovery: DiscoveryService,
    @Optional() private readonly appendHooks?: AppendHooks,
  ) {}

  /**
   * The shared target's engine, running its projections' processors (and any other processor
   * of the app registered on it). Dedicated targets have their own: `targets.list()`.
   */
  get engine(): ProcessorEngine {
    return this.targets.shared.engine;
  }

  /** Discovers the projections and, unless `autoStart` is off, starts them. */
  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProjectionDiscovery.KEY })) {
      if (wrapper.instance) this.runtimeOf(wrapper.instance as object);
    }
    const projections = this.targets.shared.list().map(({ type }) => projectionMetadataOf(type));
    assertDistinctProjections(projections);
    for (const { name, inline } of projections) if (inline) this.hookInline(name);
    if (this.options.autoStart ?? true) await this.startAll();
  }

  /** Stops every projection of every target after its running batch (before pools close). */
  async beforeApplicationShutdown(): Promise<void> {
    for (const unhook of this.unhooks.splice(0)) unhook();
    await this.targets.stop();
  }

  /**
   * Applies appended events to an inline projection inside each append's transaction, on the
   * appending tenant's target (skipped while that target is not built yet: its processor
   * catches up).
   */
  private hookInline(name: string): void {
    if (this.options.store === 'mongo' || !this.appendHooks) {
      throw new ProjectionsConfigurationError(
        `Projection "${name}" is inline, which needs the event store's append hooks ` +
          "(EventStoreModule) and a transactional read store ('postgres' or 'memory'), " +
          `not '${this.options.store}'${this.appendHooks ? '' : ' without EventStoreModule'}.`,
      );
    }
    this.unhooks.push(
      this.appendHooks.register(async (events) => {
        await this.targets.currentIfReady()?.applyInline(name, events);
      }),
    );
  }

  /** Starts every projection of every target (no-op for running ones). */
  async startAll(): Promise<void> {
    await this.targets.start();
  }

  /**
   * Registers a projection instance on every target, and returns its runtime on the shared
   * target (created on first use).
   */
  runtimeOf(projection: object): ProjectionRuntime {
    return this.targets.register(projection).runtime;
  }

  /**
   * Where a `ReadModelRepository` of `projection` finds the runtime of the caller's target
   * (registering the projection on every target).
   */
  readModelSourceOf(projection: object): ReadModelRuntimeSource {
    const { runtime } = this.targets.register(projection);
    const type = projection.constructor as ProjectionClass;
    return {
      name: runtime.name,
      runtime: async () => (await this.targets.current()).get(type).runtime,
    };
  }

  /**
   * The runtime of a projection on the shared target.
   * @throws ProjectionsConfigurationError for a projection that is not registered
   */
  runtime(projection: ProjectionReference): ProjectionRuntime {
    return this.targets.shared.get(projection).runtime;
  }

  /**
   * The runtime of a projection on the caller's target (`StorageTargets.current()`), or on
   * `tenantId`'s when given.
   * @throws ProjectionsConfigurationError for a projection that is not registered
   */
  async runtimeFor(projection: ProjectionReference, tenantId?: string): Promise<ProjectionRuntime> {
    const group =
      tenantId === undefined
        ? await this.targets.current()
        : await this.targets.forTenant(tenantId);
    return group.get(projection).runtime;
  }

  /**
   * Waits until `projection` has applied `target` (a log position, or a stream's version) on
   * the caller's storage target. Resolves `false` when `timeoutMs` passes first.
   */
  async waitFor(
    projection: ProjectionReference,
    target: ProjectionWaitTarget,
    timeoutMs = this.options.waitForTimeoutMs ?? 5_000,
  ): Promise<boolean> {
    return (await this.runtimeFor(projection)).waitFor(target, timeoutMs);
  }

  /** Starts a zero-downtime rebuild of `projection` on the shared target (no-op when one runs). */
  rebuild(projection: ProjectionReference): Promise<ProjectionState>;
  /**
   * Rebuilds `projection` for one tenant: on a target of its own, the whole projection there
   * (a new generation); on shared tables, only the tenant's documents, under the projection's
   * partition leases in this instance (see `rebuildTenantDocuments`).
   * @throws ProcessorStateError when the projection does not run here, or another instance
   * holds some of its partition leases (shared tables)
   */
  rebuild(
    projection: ProjectionReference,
    options: TenantRebuildOptions,
  ): Promise<TenantRebuildResult>;
  rebuild(
    projection: ProjectionReference,
    options?: TenantRebuildOptions,
  ): Promise<ProjectionState | TenantRebuildResult> {
    if (options?.tenantId === undefined) return this.runtime(projection).rebuild();
    return this.targets.rebuildTenant(projection, options);
  }

  /**
   * Suspends `projection` durably on every instance (see `ProcessorHandle.suspend`): the
   * processors of its served generation and of one being built, on the shared target or
   * `tenantId`'s. A generation built later (a rebuild started afterwards) is not suspended.
   * Resolves to the suspended processors' names (none for a projection never started).
   * @throws ProjectionsConfigurationError for a projection that is not registered
   */
  async suspend(
    projection: ProjectionReference,
    options: ProjectionTargetOptions = {},
  ): Promise<string[]> {
    return setProjectionSuspended(await this.targetOf(options), projection, true);
  }

  /**
   * Ends a {@link suspend} of `projection`'s generations (every instance resumes within its
   * `idlePollMs`). Resolves to the processors' names.
   * @throws ProjectionsConfigurationError for a projection that is not registered
   */
  async unsuspend(
    projection: ProjectionReference,
    options: ProjectionTargetOptions = {},
  ): Promise<string[]> {
    return setProjectionSuspended(await this.targetOf(options), projection, false);
  }

  /** Status of every projection on the caller's storage target, by name order. */
  async status(): Promise<ProjectionRuntimeStatus[]> {
    return (await (await this.targets.current()).status()).projections;
  }

  /** Status of every projection on every built storage target (shared first), for operators. */
  statusByTarget(): Promise<ProjectionTargetStatus[]> {
    return Promise.all(this.targets.list().map((group) => group.status()));
  }

  private targetOf({ tenantId }: ProjectionTargetOptions): Promise<TargetProjections> {
    return tenantId === undefined
      ? Promise.resolve(this.targets.shared)
      : this.targets.forTenant(tenantId);
  }
}
