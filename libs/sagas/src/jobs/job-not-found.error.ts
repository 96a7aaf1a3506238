import { SagasError } from '../errors/sagas.error.js';

/** No job has the id given to the admin service. */
export class JobNotFoundError extends SagasError {
  /** Stable code of this error. */
  static readonly CODE = 'JOB_NOT_FOUND';
  readonly code = JobNotFoundError.CODE;

  constructor(readonly jobId: string) {
    super(`No job has the id ${jobId}; list jobs with JobAdminService.list().`);
  }
}

/** True when `error` is a {@link JobNotFoundError}. */
export function isJobNotFoundError(error: unknown): error is JobNotFoundError {
  return (error as { code?: unknown } | null)?.code === JobNotFoundError.CODE;
}
