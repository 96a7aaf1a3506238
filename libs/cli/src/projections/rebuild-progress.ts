import type { EventStore } from '@cqrs-ddd/core';
import type { ProcessorStatus } from '@cqrs-ddd/projections';

/** How far a build is: events of the log it has read, out of the events in the log now. */
export interface RebuildProgress {
  readonly processed: number;
  readonly total: number;
}

/**
 * Progress of a generation being built: the log's head (global position, an upper bound of the
 * events in the log) as the total, minus what its slowest partition still has to read.
 */
export async function rebuildProgress(
  eventStore: EventStore,
  building: ProcessorStatus | undefined,
): Promise<RebuildProgress> {
  const head = await eventStore.headPosition();
  const total = head ? Number(head.globalPosition) : 0;
  const behind = building
    ? Math.max(0, ...building.partitions.map(({ eventsBehind }) => eventsBehind))
    : total;
  return { processed: Math.max(0, total - behind), total };
}
