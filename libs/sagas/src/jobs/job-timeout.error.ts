import { SagasError } from '../errors/sagas.error.js';

/** A job attempt ran longer than its `timeoutMs`: it is aborted and counted as failed. */
export class JobTimeoutError extends SagasError {
  /** Stable code of this error. */
  static readonly CODE = 'JOB_TIMEOUT';
  readonly code = JobTimeoutError.CODE;

  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Job ${jobId} did not finish within ${timeoutMs} ms; raise its timeoutMs or make the handler honour job.signal.`,
    );
  }
}
