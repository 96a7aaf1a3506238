import { type Clock, SystemClock } from '@cqrs-ddd/core';
import { JobNotFoundError } from './job-not-found.error.js';
import { JobStateError } from './job-state.error.js';
import type { JobStore } from './job.store.js';
import type { JobListQuery, JobStats, JobView } from './job.types.js';

/** Operations on background jobs for administrators: list, inspect, retry, cancel, stats. */
export class JobAdminService {
  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  /** Jobs of every tenant, newest first, filtered by status and name. */
  list(query: JobListQuery = {}): Promise<JobView[]> {
    return this.store.list(query);
  }

  /** @throws JobNotFoundError when no job has this id */
  async get(id: string): Promise<JobView> {
    const job = await this.store.get(id);
    if (!job) throw new JobNotFoundError(id);
    return job;
  }

  /**
   * Puts a failed or cancelled job back in the queue, due now, with its attempts reset.
   * @throws JobNotFoundError, JobStateError (the job is pending, running or succeeded)
   */
  async retry(id: string): Promise<JobView> {
    if (!(await this.store.retry(id, this.clock.now()))) await this.refuse(id, 'retry');
    return this.get(id);
  }

  /**
   * Cancels a pending or running job (a running handler's `signal` is aborted at its next
   * heartbeat).
   * @throws JobNotFoundError, JobStateError (the job has finished)
   */
  async cancel(id: string): Promise<JobView> {
    if (!(await this.store.cancel(id, this.clock.now()))) await this.refuse(id, 'cancel');
    return this.get(id);
  }

  /** Counts of jobs by name and status. */
  stats(): Promise<JobStats> {
    return this.store.stats();
  }

  private async refuse(id: string, action: 'retry' | 'cancel'): Promise<never> {
    const job = await this.get(id);
    throw new JobStateError(id, action, job.status);
  }
}
