import type { StoredEvent } from '@cqrs-ddd/core';

/** Which events of the log a processor reads (both filters must match when both are given). */
export interface EventProcessorFilter {
  /** Stored event types to read. @default every type */
  readonly types?: readonly string[];
  /** Stream types (`AppendOptions.streamType`) to read. @default every stream */
  readonly streamTypes?: readonly string[];
}

/** Where a batch comes from: handed to {@link EventProcessor.handleBatch}. */
export interface ProcessorBatchContext {
  /** Name of the processor (its checkpoint and lease name). */
  readonly processorName: string;
  /** Partition being processed (`0` when the processor is not partitioned). */
  readonly partition: number;
  /** Number of partitions of the processor. */
  readonly partitions: number;
  /**
   * Aborted when this worker lost its lease (another instance may take over): long handlers
   * should stop early (the batch is then rolled back, not committed). The checkpoint
   * compare-and-swap is what actually prevents a double effect. A graceful stop does not
   * abort: it lets the batch finish.
   */
  readonly signal: AbortSignal;
}

/**
 * A checkpointed consumer of the event log: what the processor engine runs (projections,
 * outbox publishers, sagas and streams are all processors).
 *
 * The engine reads the log after the processor's checkpoint in commit order, hands each batch
 * (events of the processor's partition only, in log order) to {@link handleBatch} and then
 * saves the checkpoint — both inside one `UnitOfWork.run` when the processor is given a unit of
 * work, so that on PostgreSQL the batch's writes and the checkpoint commit atomically. A
 * handler must therefore be idempotent by position or transactional with the checkpoint.
 */
export interface EventProcessor {
  /** Unique, stable name: the key of the checkpoint, lease and parked events. */
  readonly name: string;
  /** Events to read. @default every event */
  readonly filter?: EventProcessorFilter;
  /**
   * Applies a batch. Throwing rolls the batch back: the engine retries it with backoff, then
   * isolates the failing event by handling events one at a time and parks it after
   * `maxAttempts` failures. `events` are stored events as read (not upcast): upcasting and
   * restoring each event's request context is the processor's job (see `eachEvent`).
   */
  handleBatch(events: readonly StoredEvent[], context: ProcessorBatchContext): Promise<void>;

  /**
   * Whether an error thrown by {@link handleBatch} is an outage no event is to blame for (a
   * broker or database that is unreachable): the batch is then retried whole with backoff for
   * as long as the outage lasts, and never narrowed to one event or parked.
   * @default every error counts against the events (retried, isolated, then parked)
   */
  isTransientFailure?(error: unknown): boolean;
}
