import { compareLogPositions, type EventStore, type LogPosition } from '@cqrs-ddd/core';
import type { EventProcessorFilter } from './event-processor.js';

/** How far a partition's checkpoint is behind the log. */
export interface ProcessorLag {
  /** Head global position minus the checkpoint's (at least 1 while behind); `0` once caught up. */
  readonly eventsBehind: number;
  /** Age of the first unprocessed event matching the filter, in seconds; `0` when none. */
  readonly secondsBehind: number;
}

/**
 * Measures the lag of `checkpoint` against `head` (`EventStore.headPosition()`): `eventsBehind`
 * by global position, `secondsBehind` from the `recordedAt` of the first matching event after
 * the checkpoint.
 */
export async function measureProcessorLag(
  eventStore: EventStore,
  filter: EventProcessorFilter | undefined,
  checkpoint: LogPosition | null,
  head: LogPosition | null,
  now: Date,
): Promise<ProcessorLag> {
  if (!head || compareLogPositions(checkpoint, head) >= 0) {
    return { eventsBehind: 0, secondsBehind: 0 };
  }
  // Out-of-order commits can put a later event at a lower global position: still behind.
  const distance = BigInt(head.globalPosition) - BigInt(checkpoint?.globalPosition ?? 0);
  const eventsBehind = distance > 0n ? Number(distance) : 1;
  const [first] = await eventStore.readAll({
    after: checkpoint,
    limit: 1,
    ...(filter?.types ? { types: filter.types } : {}),
    ...(filter?.streamTypes ? { streamTypes: filter.streamTypes } : {}),
  });
  const ageMs = first ? now.getTime() - Date.parse(first.recordedAt) : 0;
  return { eventsBehind, secondsBehind: Math.max(0, ageMs) / 1000 };
}
