import type { EnqueueJobOptions } from './job.types.js';

/**
 * Background jobs: `enqueue` stores a job for the `@JobHandler(name)` provider, run by
 * whichever instance's `JobWorker` claims it, in the request context it was enqueued in
 * (tenant, principal, correlation id), with retries, backoff, a timeout and a sweeper for jobs
 * whose worker died. At-least-once: handlers must tolerate a repeated attempt.
 */
export abstract class JobQueue {
  /**
   * Stores a job `name` with a JSON `payload`; joins the caller's transaction when one is
   * active. Resolves the job's id (the existing job's id when `options.key` deduplicates).
   * @throws ValidationError for an empty name, a payload that is not JSON or invalid options
   */
  abstract enqueue(name: string, payload: unknown, options?: EnqueueJobOptions): Promise<string>;
}
