import type { ProjectionReference } from '../module/projections.service.js';
import { generationProcessorName } from '../projection/projection-generation.js';
import type { TargetProjections } from './target-projections.js';

/**
 * Suspends (`suspend: true`) or unsuspends the processors of the stored generations of
 * `reference` on `group`'s target — the served one and one being built — durably, for every
 * instance (see `ProcessorHandle.suspend`). Works whether or not the projection runs in this
 * instance: through its handle when registered here (its workers react at once), else on the
 * suspension store. Resolves to the processor names, none for a projection never started.
 * @throws ProjectionsConfigurationError for a projection that is not registered
 */
export async function setProjectionSuspended(
  group: TargetProjections,
  reference: ProjectionReference,
  suspend: boolean,
): Promise<string[]> {
  const { name } = group.get(reference).runtime;
  const state = await group.infrastructure.states.get(name);
  const generations = state ? [state.activeGeneration, state.buildingGeneration] : [];
  const names = generations.flatMap((generation) =>
    generation === undefined ? [] : [generationProcessorName(name, generation)],
  );
  const { suspensions } = group.infrastructure;
  for (const processorName of names) {
    const handle = group.engine.get(processorName);
    if (suspend) await (handle ? handle.suspend() : suspensions.suspend(processorName));
    else await (handle ? handle.unsuspend() : suspensions.unsuspend(processorName));
  }
  return names;
}
