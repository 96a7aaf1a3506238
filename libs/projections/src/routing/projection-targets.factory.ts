import {
  type EventStore,
  SHARED_STORAGE_TARGET,
  type StorageTargets,
  type TargetEventStores,
} from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';
import type {
  ProjectionsInfrastructure,
  ProjectionsInfrastructureSources,
} from '../module/projections-infrastructure.js';
import type { ProjectionsModuleOptions } from '../module/projections-module.options.js';
import { ProcessorEngine } from '../processor/processor-engine.js';
import { ProjectionTargets } from './projection-targets.js';
import { TargetProjections } from './target-projections.js';

/** What {@link createProjectionTargets} builds the targets on. */
export interface ProjectionTargetsSources extends ProjectionsInfrastructureSources {
  /** The application's `EventStore` (routed per tenant when storage targets are in use). */
  readonly eventStore: EventStore;
  /** Maps tenants to targets. @default none: every tenant on the shared target */
  readonly storageTargets?: StorageTargets;
  /** The event log of each target. @default none: only the shared target can run */
  readonly targetEventStores?: TargetEventStores;
  /** Upcasting of stored events (the event store module's `EventDeserializer`). @default none */
  readonly upcasting?: EventUpcasting;
}

/**
 * Builds the projections of the shared target on `infrastructure` (the module's stores) and
 * an engine of its own, ready to add dedicated targets. With storage targets, the shared engine
 * reads the shared target's own log (`TargetEventStores.forTarget(SHARED_STORAGE_TARGET)`), not
 * the routed `EventStore`, which would follow the tenant of whoever calls it.
 */
export async function createProjectionTargets(
  options: ProjectionsModuleOptions,
  infrastructure: ProjectionsInfrastructure,
  sources: ProjectionTargetsSources,
): Promise<ProjectionTargets> {
  const { storageTargets, targetEventStores, upcasting, orm, mongo, clock } = sources;
  const eventStore =
    storageTargets && targetEventStores
      ? await targetEventStores.forTarget(SHARED_STORAGE_TARGET)
      : sources.eventStore;
  const { checkpoints, locks, parked, suspensions } = infrastructure;
  const engine = new ProcessorEngine({
    eventStore,
    checkpoints,
    locks,
    parked,
    suspensions,
    clock,
    target: SHARED_STORAGE_TARGET.key,
  });
  const shared = new TargetProjections(
    { target: SHARED_STORAGE_TARGET, infrastructure, engine, eventStore, upcasting },
    options,
  );
  return new ProjectionTargets(shared, {
    options,
    sources: { orm, mongo, clock },
    storageTargets,
    targetEventStores,
    upcasting,
  });
}
