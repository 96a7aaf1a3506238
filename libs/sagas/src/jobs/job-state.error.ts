import { SagasError } from '../errors/sagas.error.js';
import type { JobStatus } from './job.types.js';

/** An admin action does not apply to the job's status (retrying a running job, cancelling a finished one). */
export class JobStateError extends SagasError {
  /** Stable code of this error. */
  static readonly CODE = 'JOB_STATE_CONFLICT';
  readonly code = JobStateError.CODE;

  constructor(
    readonly jobId: string,
    readonly action: 'retry' | 'cancel',
    readonly status: JobStatus,
  ) {
    super(
      `Job ${jobId} is ${status}: ${action} applies to ${action === 'retry' ? 'failed or cancelled' : 'pending or running'} jobs only.`,
    );
  }
}

/** True when `error` is a {@link JobStateError}. */
export function isJobStateError(error: unknown): error is JobStateError {
  return (error as { code?: unknown } | null)?.code === JobStateError.CODE;
}
