import { type Clock, currentRequestContext, SystemClock } from '@cqrs-ddd/core';
import { JobNotFoundError } from './job-not-found.error.js';
import { JobStateError } from './job-state.error.js';
import type { JobStore } from './job.store.js';
import type { JobListQuery, JobStats, JobView } from './job.types.js';

/**
 * Operations on background jobs for administrators: list, inspect, retry, cancel, stats.
 * Scoped by the request context's tenant: with a tenant in the context, only that tenant's jobs
 * exist (another tenant's answer `JobNotFoundError`); without one (a platform job, the CLI)
 * every job does.
 */
export class JobAdminService {
  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  /** Jobs of the current tenant (every tenant without one), newest first, filtered. */
  list(query: Omit<JobListQuery, 'tenantId'> = {}): Promise<JobView[]> {
    return this.store.list({ ...query, tenantId: currentRequestContext()?.tenantId });
  }

  /** @throws JobNotFoundError when no job has this id */
  async get(id: string): Promise<JobView> {
    const job = await this.store.get(id);
    const tenantId = currentRequestContext()?.tenantId;
    if (!job || (tenantId !== undefined && job.tenantId !== tenantId)) {
      throw new JobNotFoundError(id);
    }
    return job;
  }

  /**
   * Puts a failed or cancelled job back in the queue, due now, with its attempts reset.
   * @throws JobNotFoundError, JobStateError (the job is pending, running or succeeded)
   */
  async retry(id: string): Promise<JobView> {
    await this.get(id);
    if (!(await this.store.retry(id, this.clock.now()))) await this.refuse(id, 'retry');
    return this.get(id);
  }

  /**
   * Cancels a pending or running job (a running handler's `signal` is aborted at its next
   * heartbeat).
   * @throws JobNotFoundError, JobStateError (the job has finished)
   */
  async cancel(id: string): Promise<JobView> {
    await this.get(id);
    if (!(await this.store.cancel(id, this.clock.now()))) await this.refuse(id, 'cancel');
    return this.get(id);
  }

  /** Counts of the current tenant's jobs (every tenant's without one) by name and status. */
  stats(): Promise<JobStats> {
    return this.store.stats(currentRequestContext()?.tenantId);
  }

  private async refuse(id: string, action: 'retry' | 'cancel'): Promise<never> {
    const job = await this.get(id);
    throw new JobStateError(id, action, job.status);
  }
}
