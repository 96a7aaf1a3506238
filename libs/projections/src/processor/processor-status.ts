import type { LogPosition } from '@cqrs-ddd/core';

/** Lifecycle of one partition of a processor in this instance. */
export type PartitionState =
  /** Not started, or stopped by `stop()`. */
  | 'idle'
  /** Waiting for the lease, which another instance holds. */
  | 'standby'
  /** Holds the lease and processes (or sleeps until the next commit). */
  | 'running'
  /** Failing: retrying after a backoff. */
  | 'retrying'
  /** Paused by the API. */
  | 'paused'
  /** Suspended (`suspend()`, on any instance): no lease held, no batch started. */
  | 'suspended'
  /** Stopped by a parked event under the `park-and-stop` policy. */
  | 'stopped';

/** One partition, as this instance sees it. */
export interface PartitionStatus {
  readonly partition: number;
  readonly state: PartitionState;
  /** Whether this instance holds the partition's lease. */
  readonly leaseHeld: boolean;
  /** Last position saved (`null`: log start). */
  readonly checkpoint: LogPosition | null;
  /**
   * Events of the log between the checkpoint and the head, by global position (an upper
   * bound: it counts events of every type, and rolled-back sequence values on PostgreSQL).
   * `0` once caught up.
   */
  readonly eventsBehind: number;
  /** Age of the oldest unprocessed event, in seconds; `0` once caught up. */
  readonly secondsBehind: number;
  /** Last error message while retrying, if any. */
  readonly lastError?: string;
}

/** A processor's status across its partitions. */
export interface ProcessorStatus {
  readonly name: string;
  readonly partitions: readonly PartitionStatus[];
  /** Parked events of the processor. */
  readonly parked: number;
  /**
   * Whether the processor is suspended (durably, on every instance: `ProcessorHandle.suspend()`).
   * Partitions of an instance show `suspended` once they noticed (within `idlePollMs`).
   */
  readonly suspended: boolean;
}
