import type { CapturedContext } from '../scheduling/captured-context.js';

/** Life cycle of a job: pending → running → succeeded | failed (or back to pending to retry). */
export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Every {@link JobStatus}, in life-cycle order. */
export const JOB_STATUSES: readonly JobStatus[] = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

/** Exponential backoff between attempts (full jitter). */
export interface JobBackoff {
  /** Delay ceiling after the first failed attempt; doubles after each. @default 1000 */
  readonly initialDelayMs: number;
  /** Largest delay. @default 300000 */
  readonly maxDelayMs: number;
}

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueJobOptions {
  /** Earliest start. @default now */
  readonly runAt?: Date;
  /** Attempts before the job is `failed` for good (a worker lost mid-run counts). @default 5 */
  readonly maxAttempts?: number;
  /** Backoff between attempts. @default { initialDelayMs: 1000, maxDelayMs: 300000 } */
  readonly backoff?: Partial<JobBackoff>;
  /** Time an attempt may take before it is aborted and counted as failed. @default undefined (no limit) */
  readonly timeoutMs?: number;
  /**
   * Deduplication key within the tenant and job name: while a job with this key is pending or
   * running, enqueueing again returns its id instead of adding one.
   * @default undefined (no deduplication)
   */
  readonly key?: string;
}

/** A job, as the admin side sees it. */
export interface JobView {
  readonly id: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly key?: string;
  readonly payload: unknown;
  readonly status: JobStatus;
  /** Attempts started so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** When the job (next) becomes due. */
  readonly runAt: Date;
  readonly lastError?: string;
  /** Worker holding a running job. */
  readonly lockedBy?: string;
  readonly leaseExpiresAt?: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt?: Date;
}

/** A job claimed by a worker for one attempt. */
export interface ClaimedJob extends JobView {
  readonly status: 'running';
  readonly context: CapturedContext;
  readonly backoff: JobBackoff;
  readonly timeoutMs?: number;
}

/** Filter of {@link JobStore.list}. */
export interface JobListQuery {
  readonly status?: JobStatus;
  readonly name?: string;
  /** Only jobs enqueued in this tenant. @default every tenant */
  readonly tenantId?: string;
  /** At most this many, newest first. @default 50 */
  readonly limit?: number;
}

/** Counts of jobs by name, then by status (every status present, zeros included). */
export type JobStats = Record<string, Record<JobStatus, number>>;

/** What a job handler gets besides the payload. */
export interface JobExecution {
  readonly id: string;
  readonly name: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly tenantId?: string;
  /** Aborted on timeout, when the worker lost the job (lease, cancellation) or shuts down hard. */
  readonly signal: AbortSignal;
}

/** A provider decorated with `@JobHandler(name)`. */
export interface JobHandlerInstance<TPayload = unknown> {
  handle(payload: TPayload, job: JobExecution): Promise<unknown> | unknown;
}
