import {
  generationCollectionName,
  generationProcessorName,
  ProjectionBatchExecutor,
  type ProjectionsModuleOptions,
  type TargetProjections,
} from '@cqrs-ddd/projections';

/**
 * Registers on `group`'s engine, not started, the processors of the served and building
 * generations of every projection of the target whose runtime does not run in this process
 * (the CLI boots the app without starting its processors). Their handles then answer status,
 * list/retry/skip parked events, reset and suspend like the running instances' — a retry
 * runs the projection's handlers here, in the same unit of work as the parked entry's removal.
 * Projections never started (no stored state) have no processor yet and are skipped.
 */
export async function attachProjectionProcessors(
  group: TargetProjections,
  defaults: ProjectionsModuleOptions['processor'],
): Promise<void> {
  for (const entry of group.list()) {
    const { metadata } = entry.runtime;
    const state = await group.infrastructure.states.get(metadata.name);
    if (!state) continue;
    for (const generation of [state.activeGeneration, state.buildingGeneration]) {
      if (generation === undefined) continue;
      const processorName = generationProcessorName(metadata.name, generation);
      if (group.engine.get(processorName)) continue;
      const executor = new ProjectionBatchExecutor(entry.projection, {
        processorName,
        collection: generationCollectionName(metadata.collection, generation),
        store: group.infrastructure.readModels,
        upcasting: group.upcasting,
        metadata,
      });
      group.engine.register(executor, {
        ...defaults,
        ...metadata.runOptions,
        unitOfWork: entry.gate,
        autoStart: false,
      });
    }
  }
}
