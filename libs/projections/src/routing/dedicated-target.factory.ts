import type { StorageTarget, TargetEventStores } from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';
import { Logger } from '@nestjs/common';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import type { ProjectionsInfrastructureSources } from '../module/projections-infrastructure.js';
import type { ProjectionsModuleOptions } from '../module/projections-module.options.js';
import { ProcessorEngine } from '../processor/processor-engine.js';
import { createTargetInfrastructure } from './target-infrastructure.js';
import { TargetProjections } from './target-projections.js';

/** What {@link createDedicatedTargetProjections} builds a target on. */
export interface DedicatedTargetSources {
  readonly options: ProjectionsModuleOptions;
  /** The app's MikroORM, mongoose connection and clock. */
  readonly sources: ProjectionsInfrastructureSources;
  /** The event log of each target. */
  readonly targetEventStores?: TargetEventStores;
  /** Upcasting of stored events. @default none */
  readonly upcasting?: EventUpcasting;
}

/**
 * The (empty, stopped) projections of a dedicated `target`: its event log
 * (`TargetEventStores.forTarget`), its stores (`createTargetInfrastructure`, migrated) and an
 * engine of its own over them.
 * @throws ProjectionsConfigurationError without `targetEventStores`
 */
export async function createDedicatedTargetProjections(
  target: StorageTarget,
  { options, sources, targetEventStores, upcasting }: DedicatedTargetSources,
): Promise<TargetProjections> {
  if (!targetEventStores) {
    throw new ProjectionsConfigurationError(
      `Storage target "${target.key}" has a schema or database of its own, but no ` +
        'TargetEventStores provider is visible to ProjectionsModule: import EventStoreModule ' +
        '(it provides one when StorageTargets is present).',
    );
  }
  // One after the other: both may create the target's schema, which PostgreSQL's
  // CREATE SCHEMA IF NOT EXISTS does not do safely in concurrent transactions.
  const eventStore = await targetEventStores.forTarget(target);
  const infrastructure = await createTargetInfrastructure(options, target, sources);
  const { checkpoints, locks, parked, suspensions } = infrastructure;
  const engine = new ProcessorEngine({
    eventStore,
    checkpoints,
    locks,
    parked,
    suspensions,
    clock: sources.clock,
    target: target.key,
    logger: new Logger(`ProcessorEngine:${target.key}`),
  });
  return new TargetProjections({ target, infrastructure, engine, eventStore, upcasting }, options);
}
