import {
  compareLogPositions,
  type EventStore,
  type LogPosition,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { EventProcessorFilter } from './event-processor.js';
import { partitionOfStream } from './stream-partition.js';

/** One step of a partition: the events to hand to the processor and where the checkpoint goes. */
export interface PartitionBatch {
  /** Checkpoint the batch was read after (the compare-and-swap's `expected`). */
  readonly expected: LogPosition | null;
  /** Checkpoint after the batch. */
  readonly next: LogPosition;
  /** Events of the partition, in log order (may be empty: the checkpoint still moves). */
  readonly events: readonly StoredEvent[];
  /** More events may be readable at once (the read was full, or the batch was narrowed). */
  readonly more: boolean;
}

/** Where and what a partition reads. */
export interface PartitionReadOptions {
  readonly filter?: EventProcessorFilter;
  readonly batchSize: number;
  readonly partition: number;
  readonly partitions: number;
  /** Narrows the partition's events (failure isolation): must return a prefix of them. */
  readonly select: (events: readonly StoredEvent[]) => readonly StoredEvent[];
}

/**
 * Reads the next batch after `checkpoint`, or `null` when caught up.
 *
 * The head is read before the log: a read returning fewer than `batchSize` events has then seen
 * every matching event up to that head (readAll is gap-safe), so the checkpoint may move to the
 * head even past events the filter or the partition excludes — a filtered reader catches up
 * and its lag drops to 0.
 */
export async function readPartitionBatch(
  eventStore: EventStore,
  checkpoint: LogPosition | null,
  options: PartitionReadOptions,
): Promise<PartitionBatch | null> {
  const head = await eventStore.headPosition();
  const read = await eventStore.readAll({
    after: checkpoint,
    limit: options.batchSize,
    ...(options.filter?.types ? { types: options.filter.types } : {}),
    ...(options.filter?.streamTypes ? { streamTypes: options.filter.streamTypes } : {}),
  });
  const full = read.length >= options.batchSize;
  const last = read.length > 0 ? read[read.length - 1].position : null;
  const reached = full || compareLogPositions(last, head) >= 0 ? last : head;
  if (!reached || compareLogPositions(reached, checkpoint) <= 0) return null;
  const mine = read.filter(
    (event) => partitionOfStream(event.streamId, options.partitions) === options.partition,
  );
  const events = options.select(mine);
  if (events.length < mine.length) {
    return { expected: checkpoint, next: events[events.length - 1].position, events, more: true };
  }
  return { expected: checkpoint, next: reached, events, more: full };
}

/** The processor threw while handling `batch`: what the failure policy counts. */
export class HandlerFailure extends Error {
  constructor(
    readonly batch: PartitionBatch,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'HandlerFailure';
  }
}
