import { formatLogPosition } from '@cqrs-ddd/core';
import {
  generationProcessorName,
  type ProcessorStatus,
  type ProjectionState,
  type TargetProjections,
} from '@cqrs-ddd/projections';

/** One projection on one storage target, as `projections list` and `status` show it. */
export interface ProjectionOverview {
  /** Key of the storage target. */
  readonly target: string;
  /** Tenant of a dedicated target. */
  readonly tenantId?: string;
  readonly name: string;
  /** Version of the projection's code in this application. */
  readonly version: number;
  /** Stored generations; absent when the projection never started. */
  readonly state?: ProjectionState;
  /** The served generation's processor. */
  readonly active?: ProcessorStatus;
  /** The generation being built, during a rebuild. */
  readonly building?: ProcessorStatus;
}

/** A processor's status reduced to one row: the worst lag of its partitions. */
export interface ProcessorSummary {
  /** Distinct states of its partitions in this instance (`idle`, `running`...). */
  readonly states: string;
  readonly eventsBehind: number;
  readonly secondsBehind: number;
  readonly parked: number;
  readonly suspended: boolean;
  /** Checkpoint of each partition (`start` for the log start). */
  readonly checkpoints: readonly string[];
}

/**
 * The projections of `group` with their stored state and the status of their generations'
 * processors (registered on the target's engine: see `attachProjectionProcessors`).
 */
export async function projectionOverviews(group: TargetProjections): Promise<ProjectionOverview[]> {
  return Promise.all(
    group.list().map(async ({ runtime }) => {
      const { name, version } = runtime.metadata;
      const state = await group.infrastructure.states.get(name);
      const status = (generation?: number) =>
        generation === undefined
          ? undefined
          : group.engine.get(generationProcessorName(name, generation))?.status();
      const [active, building] = await Promise.all([
        status(state?.activeGeneration),
        status(state?.buildingGeneration),
      ]);
      return {
        target: group.key,
        ...(group.target.tenantId === undefined ? {} : { tenantId: group.target.tenantId }),
        name,
        version,
        ...(state ? { state } : {}),
        ...(active ? { active } : {}),
        ...(building ? { building } : {}),
      };
    }),
  );
}

/** The row of a processor's status. */
export function summarizeProcessor(status: ProcessorStatus): ProcessorSummary {
  const { partitions } = status;
  return {
    states: [...new Set(partitions.map(({ state }) => state))].join(',') || 'idle',
    eventsBehind: Math.max(0, ...partitions.map(({ eventsBehind }) => eventsBehind)),
    secondsBehind: Math.max(0, ...partitions.map(({ secondsBehind }) => secondsBehind)),
    parked: status.parked,
    suspended: status.suspended,
    checkpoints: partitions.map(({ checkpoint }) =>
      checkpoint ? formatLogPosition(checkpoint) : 'start',
    ),
  };
}
