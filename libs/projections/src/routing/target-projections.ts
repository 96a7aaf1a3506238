import type { EventStore, StorageTarget, StoredEvent } from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import type { ProjectionsInfrastructure } from '../module/projections-infrastructure.js';
import type { ProjectionsModuleOptions } from '../module/projections-module.options.js';
import type { ProjectionReference } from '../module/projections.service.js';
import type { ProjectionClass } from '../module/projections.tokens.js';
import type { ProcessorEngine } from '../processor/processor-engine.js';
import { projectionMetadataOf } from '../projection/projection-metadata.js';
import { ProjectionRuntime } from '../projection/projection-runtime.js';
import type { ProjectionRuntimeStatus } from '../projection/projection-runtime.options.js';
import { ProjectionGate } from './projection-gate.js';

/** What the projections of one storage target run on. */
export interface TargetProjectionsDependencies {
  /** The target (the shared one, or a tenant's own schema or database). */
  readonly target: StorageTarget;
  /** The target's stores: read models, checkpoints, leases, parked events, generations. */
  readonly infrastructure: ProjectionsInfrastructure;
  /** The target's processor engine, over {@link eventStore}. */
  readonly engine: ProcessorEngine;
  /** The target's own event log. */
  readonly eventStore: EventStore;
  /** Upcasting of stored events. @default none */
  readonly upcasting?: EventUpcasting;
}

/** One projection on one storage target. */
export interface TargetProjection {
  /** The projection instance (shared by every target). */
  readonly projection: object;
  /** Its class. */
  readonly type: ProjectionClass;
  /** Its runtime on the target (generations, processors, waits, rebuilds). */
  readonly runtime: ProjectionRuntime;
  /** Gate of its processors' units of work (see `ProjectionGate`). */
  readonly gate: ProjectionGate;
}

/** The projections of one storage target, as an operator lists them. */
export interface ProjectionTargetStatus {
  /** Key of the target (`shared`, `schema:tenant_acme`...). */
  readonly target: string;
  /** Tenant the target is dedicated to; absent for the shared target. */
  readonly tenantId?: string;
  /** Status of each projection on the target, by name order. */
  readonly projections: ProjectionRuntimeStatus[];
}

/**
 * The projections of one storage target: one `ProjectionRuntime` per projection on the target's
 * engine and stores. Every target runs the same projections; each only sees its own log.
 */
export class TargetProjections {
  private readonly entries = new Map<ProjectionClass, TargetProjection>();
  private running = false;

  constructor(
    private readonly dependencies: TargetProjectionsDependencies,
    private readonly options: ProjectionsModuleOptions,
  ) {}

  /** The storage target. */
  get target(): StorageTarget {
    return this.dependencies.target;
  }

  /** The key of the storage target. */
  get key(): string {
    return this.dependencies.target.key;
  }

  /** The target's processor engine: register other processors of this target on it. */
  get engine(): ProcessorEngine {
    return this.dependencies.engine;
  }

  /** The target's event log. */
  get eventStore(): EventStore {
    return this.dependencies.eventStore;
  }

  /** The target's stores. */
  get infrastructure(): ProjectionsInfrastructure {
    return this.dependencies.infrastructure;
  }

  /** Upcasting of the target's stored events, if any. */
  get upcasting(): EventUpcasting | undefined {
    return this.dependencies.upcasting;
  }

  /** Whether {@link start} ran (and no {@link stop} since). */
  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Adds the runtime of `projection` on this target (the existing one when its class is known).
   * It starts with the next {@link start}.
   */
  add(projection: object): TargetProjection {
    const type = projection.constructor as ProjectionClass;
    const known = this.entries.get(type);
    if (known) return known;
    const metadata = projectionMetadataOf(type);
    const { engine, infrastructure, eventStore, upcasting } = this.dependencies;
    const gate = new ProjectionGate(infrastructure.unitOfWork);
    const runtime = new ProjectionRuntime(
      projection,
      {
        engine,
        stateStore: infrastructure.states,
        readModels: infrastructure.readModels,
        eventStore,
        upcasting,
      },
      {
        run: { ...this.options.processor, ...metadata.runOptions, unitOfWork: gate },
        dropDelayMs: this.options.dropDelayMs,
        stateRefreshMs: this.options.stateRefreshMs,
      },
    );
    const entry = { projection, type, runtime, gate };
    this.entries.set(type, entry);
    return entry;
  }

  /** The projection `reference` on this target, or `undefined`. */
  find(reference: ProjectionReference): TargetProjection | undefined {
    for (const entry of this.entries.values()) {
      if (entry.type === reference || entry.runtime.name === reference) return entry;
    }
    return undefined;
  }

  /**
   * The projection `reference` on this target.
   * @throws ProjectionsConfigurationError for a projection that is not registered
   */
  get(reference: ProjectionReference): TargetProjection {
    const entry = this.find(reference);
    if (entry) return entry;
    const name = typeof reference === 'string' ? reference : reference.name;
    throw new ProjectionsConfigurationError(
      `Unknown projection "${name}": register it with ProjectionsModule.forFeature([...]) or as a provider.`,
    );
  }

  /** Every projection of the target, by name order. */
  list(): TargetProjection[] {
    return [...this.entries.values()].sort((a, b) => (a.runtime.name < b.runtime.name ? -1 : 1));
  }

  /** Starts every projection of the target (no-op for running ones). */
  async start(): Promise<void> {
    this.running = true;
    await Promise.all([...this.entries.values()].map(({ runtime }) => runtime.start()));
  }

  /** Stops every projection after its running batch, then the engine's other processors. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.entries.values()].map(({ runtime }) => runtime.stop()));
    await this.dependencies.engine.stopAll();
  }

  /** Status of every projection of the target, by name order. */
  async status(): Promise<ProjectionTargetStatus> {
    const { key, tenantId } = this.dependencies.target;
    const projections = await Promise.all(this.list().map(({ runtime }) => runtime.status()));
    return { target: key, ...(tenantId === undefined ? {} : { tenantId }), projections };
  }

  /**
   * Applies just-appended `events` to projection `name` inline (see `ProjectionRuntime.applyInline`);
   * skipped while a one-tenant rebuild holds the projection (its processor applies them after).
   */
  async applyInline(name: string, events: readonly StoredEvent[]): Promise<void> {
    const entry = this.find(name);
    const leave = entry?.gate.enterInline();
    if (!entry || !leave) return;
    try {
      await entry.runtime.applyInline(events);
    } finally {
      leave();
    }
  }
}
