import { EventStore } from '@cqrs-ddd/core';
import { AppendHooks, EventDeserializer } from '@cqrs-ddd/event-store';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { ProcessorEngine } from '../processor/processor-engine.js';
import type { ProjectionState } from '../projection/projection-state-store.port.js';
import {
  assertDistinctProjections,
  projectionMetadataOf,
} from '../projection/projection-metadata.js';
import { ProjectionRuntime } from '../projection/projection-runtime.js';
import type {
  ProjectionRuntimeStatus,
  ProjectionWaitTarget,
} from '../projection/projection-runtime.options.js';
import { ProjectionDiscovery } from '../projection/projection.decorator.js';
import type { ProjectionsInfrastructure } from './projections-infrastructure.js';
import { PROJECTIONS_MODULE_OPTIONS } from './projections.module-definition.js';
import type { ProjectionsModuleOptions } from './projections-module.options.js';
import { PROJECTIONS_INFRASTRUCTURE, type ProjectionClass } from './projections.tokens.js';

/** A projection, by class or by `@Projection` name. */
export type ProjectionReference = ProjectionClass | string;

/**
 * The projections of the application: finds every `@Projection` provider at bootstrap, runs
 * each on the processor engine (one `ProjectionRuntime` per projection), and stops them on
 * shutdown after their running batch. The entry point for read-your-writes (`waitFor`),
 * rebuilds and status (admin APIs, the CLI, health checks).
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runtimes = new Map<ProjectionClass, ProjectionRuntime>();
  private readonly unhooks: (() => void)[] = [];

  constructor(
    @Inject(PROJECTIONS_MODULE_OPTIONS) private readonly options: ProjectionsModuleOptions,
    @Inject(PROJECTIONS_INFRASTRUCTURE) private readonly infrastructure: ProjectionsInfrastructure,
    /** The engine running every projection's processors (and any other processor of the app). */
    readonly engine: ProcessorEngine,
    private readonly eventStore: EventStore,
    private readonly discovery: DiscoveryService,
    @Optional() private readonly deserializer?: EventDeserializer,
    @Optional() private readonly appendHooks?: AppendHooks,
  ) {}

  /** Discovers the projections and, unless `autoStart` is off, starts them. */
  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProjectionDiscovery.KEY })) {
      if (wrapper.instance) this.runtimeOf(wrapper.instance as object);
    }
    const projections = [...this.runtimes.keys()].map((type) => projectionMetadataOf(type));
    assertDistinctProjections(projections);
    for (const { name, inline } of projections) if (inline) this.hookInline(name);
    if (this.options.autoStart ?? true) await this.startAll();
  }

  /** Stops every projection after its running batch (before the database pools close). */
  async beforeApplicationShutdown(): Promise<void> {
    for (const unhook of this.unhooks.splice(0)) unhook();
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.stop()));
    await this.engine.stopAll();
  }

  /** Applies appended events to an inline projection inside each append's transaction. */
  private hookInline(name: string): void {
    if (this.options.store === 'mongo' || !this.appendHooks) {
      throw new ProjectionsConfigurationError(
        `Projection "${name}" is inline, which needs the event store's append hooks ` +
          "(EventStoreModule) and a transactional read store ('postgres' or 'memory'), " +
          `not '${this.options.store}'${this.appendHooks ? '' : ' without EventStoreModule'}.`,
      );
    }
    const runtime = this.runtime(name);
    this.unhooks.push(this.appendHooks.register((events) => runtime.applyInline(events)));
  }

  /** Starts every projection (no-op for running ones). */
  async startAll(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.start()));
  }

  /** The runtime of a projection instance, created on first use. */
  runtimeOf(projection: object): ProjectionRuntime {
    const type = projection.constructor as ProjectionClass;
    let runtime = this.runtimes.get(type);
    if (!runtime) {
      const metadata = projectionMetadataOf(type);
      runtime = new ProjectionRuntime(
        projection,
        {
          engine: this.engine,
          stateStore: this.infrastructure.states,
          readModels: this.infrastructure.readModels,
          eventStore: this.eventStore,
          upcasting: this.deserializer,
        },
        {
          run: {
            ...this.options.processor,
            ...metadata.runOptions,
            unitOfWork: this.infrastructure.unitOfWork,
          },
          dropDelayMs: this.options.dropDelayMs,
          stateRefreshMs: this.options.stateRefreshMs,
        },
      );
      this.runtimes.set(type, runtime);
    }
    return runtime;
  }

  /**
   * The runtime of a projection known to this service.
   * @throws ProjectionsConfigurationError for a projection that is not registered
   */
  runtime(projection: ProjectionReference): ProjectionRuntime {
    for (const [type, runtime] of this.runtimes) {
      if (type === projection || runtime.name === projection) return runtime;
    }
    const name = typeof projection === 'string' ? projection : projection.name;
    throw new ProjectionsConfigurationError(
      `Unknown projection "${name}": register it with ProjectionsModule.forFeature([...]) or as a provider.`,
    );
  }

  /**
   * Waits until `projection` has applied `target` (a log position, or a stream's version).
   * Resolves `false` when `timeoutMs` passes first.
   */
  waitFor(
    projection: ProjectionReference,
    target: ProjectionWaitTarget,
    timeoutMs = this.options.waitForTimeoutMs ?? 5_000,
  ): Promise<boolean> {
    return this.runtime(projection).waitFor(target, timeoutMs);
  }

  /** Starts a zero-downtime rebuild of `projection` (no-op when one is running). */
  rebuild(projection: ProjectionReference): Promise<ProjectionState> {
    return this.runtime(projection).rebuild();
  }

  /** Status of every projection, by name order. */
  async status(): Promise<ProjectionRuntimeStatus[]> {
    const runtimes = [...this.runtimes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    return Promise.all(runtimes.map((runtime) => runtime.status()));
  }
}
