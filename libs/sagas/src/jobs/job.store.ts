import type { ClaimedJob, JobListQuery, JobStats, JobView } from './job.types.js';

/**
 * Storage side of a {@link JobQueue}, as its worker, sweeper and admin service see it. Writes
 * about a running job name the worker holding it (`workerId`) and change nothing once another
 * worker, the sweeper or a cancellation took it.
 */
export interface JobStore {
  /** Claims up to `limit` due pending jobs for `workerId`: running, attempt counted, leased. */
  claim(workerId: string, limit: number, leaseMs: number, now: Date): Promise<ClaimedJob[]>;
  /** Extends the lease of a job the worker still runs; resolves false when it lost the job. */
  heartbeat(id: string, workerId: string, leaseMs: number, now: Date): Promise<boolean>;
  /** Marks the worker's running job succeeded; resolves false when it lost the job. */
  complete(id: string, workerId: string, now: Date): Promise<boolean>;
  /**
   * Records a failed attempt of the worker's running job: pending again at `retryAt`, or
   * `failed` for good when `retryAt` is null. Resolves false when it lost the job.
   */
  fail(
    id: string,
    workerId: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<boolean>;
  /**
   * Running jobs whose lease expired (their worker died or hangs) go back to pending — or to
   * `failed` when that was their last attempt. Resolves how many were swept.
   */
  sweep(now: Date): Promise<number>;
  /** Jobs of every tenant, newest first. */
  list(query?: JobListQuery): Promise<JobView[]>;
  /** The job `id`, if any. */
  get(id: string): Promise<JobView | undefined>;
  /** A failed or cancelled job back to pending, due now, with its attempts reset; false otherwise. */
  retry(id: string, now: Date): Promise<boolean>;
  /** A pending or running job to cancelled (a running handler is aborted); false otherwise. */
  cancel(id: string, now: Date): Promise<boolean>;
  /** Counts by name and status. */
  stats(tenantId?: string): Promise<JobStats>;
}
