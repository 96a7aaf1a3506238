import type { CapturedContext } from '../scheduling/captured-context.js';
import type { ClaimedJob, JobStatus, JobView } from './job.types.js';

/** A row of `<schema>.jobs`. */
export interface JobRow {
  readonly id: string;
  readonly tenant_id: string | null;
  readonly name: string;
  readonly key: string | null;
  readonly payload: unknown;
  readonly context: CapturedContext;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly backoff_initial_ms: number;
  readonly backoff_max_ms: number;
  readonly timeout_ms: number | null;
  readonly run_at: Date | string;
  readonly locked_by: string | null;
  readonly lease_expires_at: Date | string | null;
  readonly last_error: string | null;
  readonly created_at: Date | string;
  readonly updated_at: Date | string;
  readonly finished_at: Date | string | null;
}

const date = (value: Date | string) => new Date(value);

/** The admin view of a row. */
export function jobViewFromRow(row: JobRow): JobView {
  return {
    id: row.id,
    name: row.name,
    ...(row.tenant_id === null ? {} : { tenantId: row.tenant_id }),
    ...(row.key === null ? {} : { key: row.key }),
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: date(row.run_at),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.locked_by === null ? {} : { lockedBy: row.locked_by }),
    ...(row.lease_expires_at === null ? {} : { leaseExpiresAt: date(row.lease_expires_at) }),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    ...(row.finished_at === null ? {} : { finishedAt: date(row.finished_at) }),
  };
}

/** A claimed row, as its worker runs it. */
export function claimedJobFromRow(row: JobRow): ClaimedJob {
  return {
    ...jobViewFromRow(row),
    status: 'running',
    context: row.context,
    backoff: { initialDelayMs: row.backoff_initial_ms, maxDelayMs: row.backoff_max_ms },
    ...(row.timeout_ms === null ? {} : { timeoutMs: row.timeout_ms }),
  };
}
