import { Logger } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';

/** Default {@link BackgroundSnapshotWriter.commitTimeoutMs}. */
export const DEFAULT_SNAPSHOT_COMMIT_TIMEOUT_MS = 30_000;

/**
 * Runs the jobs of `'async'` snapshots off the request path. Jobs run detached from the caller's
 * async context — outside its request context and, above all, outside its database
 * transaction — at most one per stream at a time. `close()` (called on application shutdown)
 * stops accepting jobs, aborts their signal (jobs stop waiting for commits) and waits for the
 * running ones.
 */
export class BackgroundSnapshotWriter {
  private readonly logger = new Logger('EventStore');
  // Captures the context of construction (the app's bootstrap, where no request or transaction
  // is active); jobs are started inside it.
  private readonly detached = new AsyncResource('cqrs-ddd.snapshot-writer');
  private readonly running = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();

  /**
   * @param commitTimeoutMs how long a job waits for the saved events to be committed before
   * giving up (the save's transaction rolled back, or is very slow).
   * @default DEFAULT_SNAPSHOT_COMMIT_TIMEOUT_MS (30 s)
   */
  constructor(readonly commitTimeoutMs = DEFAULT_SNAPSHOT_COMMIT_TIMEOUT_MS) {}

  /**
   * Starts `job` for `key` (a stream) in the background, unless a job for `key` is already
   * running or the writer is closed. `job` gets a signal aborted on shutdown. Errors are
   * logged, never thrown: snapshots are an optimisation.
   */
  schedule(key: string, job: (signal: AbortSignal) => Promise<void>): void {
    const { signal } = this.shutdown;
    if (signal.aborted || this.running.has(key)) return;
    // The whole chain is built inside the detached scope: promise reactions run in the
    // context where `.then` was called.
    const run = this.detached.runInAsyncScope(() =>
      new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => job(signal))
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`Background snapshot of "${key}" failed: ${message}`);
        }),
    );
    void run.finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  /** Resolves once no job is running (including jobs scheduled while waiting). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Stops accepting jobs, aborts their signal and waits for the running ones. */
  async close(): Promise<void> {
    this.shutdown.abort();
    await this.whenIdle();
  }
}
