import type { UnitOfWork } from '@cqrs-ddd/core';

/** What to do once an event has failed `maxAttempts` times. */
export type PoisonEventPolicy =
  /** Park it (dead-letter) with its error, move the checkpoint past it and go on. */
  | 'park-and-continue'
  /** Park it, then stop the partition (status `stopped`) until it is retried or skipped. */
  | 'park-and-stop';

/** Retry schedule of a failing batch or event: exponential backoff with full jitter. */
export interface ProcessorRetryOptions {
  /** Attempts of one event before it is parked (>= 1). @default 5 */
  readonly maxAttempts?: number;
  /** Delay before the first retry, in ms. @default 200 */
  readonly initialDelayMs?: number;
  /** Upper bound of a retry delay, in ms. @default 30_000 */
  readonly maxDelayMs?: number;
}

/** How the engine runs one processor. */
export interface ProcessorRunOptions {
  /** Maximum events per batch. @default 500 */
  readonly batchSize?: number;
  /**
   * Number of partitions: events are split by a stable hash of their stream id, each partition
   * with its own lease and checkpoint, so per-stream order is kept while instances share the
   * work. Changing it requires resetting the processor. @default 1
   */
  readonly partitions?: number;
  /**
   * Lifetime of a partition's lease, in ms: an instance that crashed loses its partitions to
   * another instance at most this long after its last renewal (renewed every third of it).
   * @default 10_000
   */
  readonly leaseTtlMs?: number;
  /** How often an instance without the lease tries to take it, in ms. @default leaseTtlMs / 2 */
  readonly leaseRetryMs?: number;
  /** Retry schedule of failures. */
  readonly retry?: ProcessorRetryOptions;
  /** @default 'park-and-continue' */
  readonly onPoison?: PoisonEventPolicy;
  /**
   * Transaction around each batch and its checkpoint save. Give the unit of work of the
   * database holding both the processor's writes and its checkpoint (PostgreSQL: exactly-once
   * effect). @default none (writes must be idempotent by position)
   */
  readonly unitOfWork?: UnitOfWork;
  /**
   * Safety net for missed wake-up signals: the engine reads again after this long idle, in ms.
   * @default 5_000
   */
  readonly idlePollMs?: number;
  /** Start with the application. @default true */
  readonly autoStart?: boolean;
}
