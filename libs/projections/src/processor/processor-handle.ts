import type { LogPosition } from '@cqrs-ddd/core';
import type { ParkedEvent } from './parked-event-store.port.js';
import type { ProcessorStatus } from './processor-status.js';
import type { ResolvedProcessorRunOptions } from './resolve-processor-options.js';

/** A checkpoint this instance saved (handed to {@link ProcessorHandle.onProgress} listeners). */
export interface ProcessorProgress {
  readonly processorName: string;
  readonly partition: number;
  /** The new checkpoint. */
  readonly position: LogPosition;
  /** Events handed to the processor in that batch (0 when only the checkpoint moved). */
  readonly handled: number;
}

/** Listener of {@link ProcessorHandle.onProgress}; errors it throws are logged and ignored. */
export type ProcessorProgressListener = (progress: ProcessorProgress) => void;

/** Options of {@link ProcessorHandle.waitUntilProcessed}. */
export interface WaitUntilProcessedOptions {
  /** Give up (resolve `false`) after this long, in ms. */
  readonly timeoutMs: number;
  /**
   * Only wait for the partition that handles this stream.
   * @default every partition
   */
  readonly streamId?: string;
}

/** Options of {@link ProcessorHandle.listParked}. */
export interface ListParkedOptions {
  /** At most this many, oldest log position first. @default 100 */
  readonly limit?: number;
}

/**
 * Controls one processor registered with the `ProcessorEngine` in this instance. Lifecycle
 * calls act on this instance's workers; checkpoints, parked events and leases are shared by
 * every instance.
 */
export interface ProcessorHandle {
  /** The processor's name. */
  readonly name: string;
  /** Run options with their defaults applied. */
  readonly options: ResolvedProcessorRunOptions;

  /**
   * Starts one worker per partition in the background (no-op when started). Each waits for its
   * partition's lease, then processes from the stored checkpoint. Starts paused after `pause()`.
   */
  start(): void;
  /**
   * Graceful stop: lets running batches finish and save their checkpoint, then releases the
   * leases. Resolves once stopped (no-op when not started).
   */
  stop(): Promise<void>;
  /**
   * Holds processing in this instance after the running batches (resolves once they are done).
   * Leases are kept, so other instances do not take the partitions over meanwhile.
   */
  pause(): Promise<void>;
  /** Ends a pause; workers reload their checkpoints (see {@link reset}). */
  resume(): void;
  /**
   * Suspends the processor durably on every instance (stored with the leases): each partition
   * worker finishes its running batch, gives its lease up and starts no new batch until
   * {@link unsuspend} — workers of other instances notice before their next batch (idle ones
   * within `idlePollMs`), and an instance starting later starts suspended. Keyed by the
   * processor's name. Resolves once this instance's running batches are done.
   */
  suspend(): Promise<void>;
  /** Ends a {@link suspend} on every instance (others resume within `idlePollMs`). */
  unsuspend(): Promise<void>;
  /**
   * Moves the checkpoint of every partition to `to` (default: the log start, to replay
   * everything), unconditionally. Parked events are kept. Allowed while paused here (the paused
   * workers keep the leases), while suspended (it takes each partition's lease, waiting up to
   * `idlePollMs + leaseTtlMs` for running batches of other instances to finish, so none saves
   * its checkpoint over the reset), and while not running here (it takes the leases too).
   * @throws ProcessorStateError while the processor runs in this instance and is not paused nor
   * suspended, or (not suspended) another instance holds a partition's lease, or (suspended) a
   * lease stays held past that wait.
   */
  reset(to?: LogPosition | null): Promise<void>;
  /**
   * State, stored checkpoint and lag of each partition, the number of parked events and whether
   * the processor is suspended.
   */
  status(): Promise<ProcessorStatus>;
  /**
   * Resolves `true` once the stored checkpoint of the partition handling `streamId` (of every
   * partition without it) is at or after `position`, `false` after `timeoutMs`. Works whichever
   * instance processes: checkpoints are re-read on this instance's progress, else every ~100 ms.
   * @throws ValidationError for a malformed position or timeout.
   */
  waitUntilProcessed(position: LogPosition, options: WaitUntilProcessedOptions): Promise<boolean>;
  /** Calls `listener` after each checkpoint this instance saves; returns the unsubscribe function. */
  onProgress(listener: ProcessorProgressListener): () => void;
  /** Parked events of this processor, oldest first. */
  listParked(options?: ListParkedOptions): Promise<ParkedEvent[]>;
  /**
   * Reads a parked event back from its stream and hands it to the processor again; on success
   * removes the entry (both in one unit of work). A partition stopped by `park-and-stop`
   * resumes once it has no parked events left.
   * @throws ParkedEventNotFoundError when no such event is parked
   * @throws whatever the processor throws (the event stays parked)
   */
  retryParked(eventId: string): Promise<void>;
  /**
   * Drops a parked event without handling it (resumes a stopped partition as `retryParked` does).
   * @throws ParkedEventNotFoundError when no such event is parked
   */
  skipParked(eventId: string): Promise<void>;
}
