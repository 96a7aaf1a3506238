import { type Clock, type IdGenerator, SystemClock, UuidV7IdGenerator } from '@cqrs-ddd/core';
import { type CapturedContext, captureContext } from '../scheduling/captured-context.js';
import { resolveEnqueue } from './job-enqueue.options.js';
import { JobQueue } from './job-queue.port.js';
import type { JobStore } from './job.store.js';
import {
  type ClaimedJob,
  type EnqueueJobOptions,
  type JobBackoff,
  type JobListQuery,
  type JobStats,
  JOB_STATUSES,
  type JobView,
} from './job.types.js';

/** Options of {@link InMemoryJobQueue}. */
export interface InMemoryJobQueueOptions {
  /** Time source. @default new SystemClock() */
  readonly clock?: Clock;
  /** Source of job ids. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Entry extends Mutable<JobView> {
  context: CapturedContext;
  backoff: JobBackoff;
  timeoutMs?: number;
  seq: number;
}

/**
 * {@link JobQueue} and {@link JobStore} in this process's memory, for tests and single-process
 * embedded use (jobs are lost when the process ends). Same semantics as the PostgreSQL adapter.
 */
export class InMemoryJobQueue extends JobQueue implements JobStore {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private seq = 0;

  constructor(options: InMemoryJobQueueOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
  }

  enqueue(name: string, payload: unknown, options: EnqueueJobOptions = {}): Promise<string> {
    try {
      const now = this.clock.now();
      const job = resolveEnqueue(name, payload, options, now);
      const context = captureContext();
      if (job.key !== undefined) {
        const existing = [...this.entries.values()].find(
          (e) =>
            e.tenantId === context.tenantId &&
            e.name === name &&
            e.key === job.key &&
            (e.status === 'pending' || e.status === 'running'),
        );
        if (existing) return Promise.resolve(existing.id);
      }
      const id = this.ids.newId();
      this.entries.set(id, {
        id,
        name,
        tenantId: context.tenantId,
        key: job.key,
        payload: JSON.parse(job.payloadJson) as unknown,
        status: 'pending',
        attempts: 0,
        maxAttempts: job.maxAttempts,
        runAt: job.runAt,
        createdAt: now,
        updatedAt: now,
        context,
        backoff: job.backoff,
        timeoutMs: job.timeoutMs,
        seq: (this.seq += 1),
      });
      return Promise.resolve(id);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  claim(workerId: string, limit: number, leaseMs: number, now: Date): Promise<ClaimedJob[]> {
    const due = [...this.entries.values()]
      .filter((e) => e.status === 'pending' && e.runAt <= now)
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.seq - b.seq)
      .slice(0, limit);
    for (const e of due) {
      Object.assign(e, {
        status: 'running',
        attempts: e.attempts + 1,
        lockedBy: workerId,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
        updatedAt: now,
      });
    }
    return Promise.resolve(
      due.map((e) => ({
        ...this.view(e),
        status: 'running' as const,
        context: e.context,
        backoff: e.backoff,
        timeoutMs: e.timeoutMs,
      })),
    );
  }

  heartbeat(id: string, workerId: string, leaseMs: number, now: Date): Promise<boolean> {
    return this.own(id, workerId, now, { leaseExpiresAt: new Date(now.getTime() + leaseMs) });
  }

  complete(id: string, workerId: string, now: Date): Promise<boolean> {
    return this.own(id, workerId, now, {
      ...released,
      status: 'succeeded',
      lastError: undefined,
      finishedAt: now,
    });
  }

  fail(
    id: string,
    workerId: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<boolean> {
    return this.own(
      id,
      workerId,
      now,
      retryAt
        ? { ...released, status: 'pending', lastError: error, runAt: retryAt }
        : { ...released, status: 'failed', lastError: error, finishedAt: now },
    );
  }

  sweep(now: Date): Promise<number> {
    let swept = 0;
    for (const e of this.entries.values()) {
      if (e.status !== 'running' || !e.leaseExpiresAt || e.leaseExpiresAt >= now) continue;
      const final = e.attempts >= e.maxAttempts;
      Object.assign(e, {
        ...released,
        status: final ? 'failed' : 'pending',
        finishedAt: final ? now : undefined,
        lastError: `worker ${e.lockedBy} lost the job (lease expired)`,
        runAt: now,
        updatedAt: now,
      });
      swept += 1;
    }
    return Promise.resolve(swept);
  }

  list(query: JobListQuery = {}): Promise<JobView[]> {
    return Promise.resolve(
      [...this.entries.values()]
        .filter(
          (e) =>
            (!query.status || e.status === query.status) &&
            (!query.name || e.name === query.name) &&
            (query.tenantId === undefined || e.tenantId === query.tenantId),
        )
        .sort((a, b) => b.seq - a.seq)
        .slice(0, query.limit ?? 50)
        .map((e) => this.view(e)),
    );
  }

  get(id: string): Promise<JobView | undefined> {
    const e = this.entries.get(id);
    return Promise.resolve(e && this.view(e));
  }

  retry(id: string, now: Date): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e || (e.status !== 'failed' && e.status !== 'cancelled')) return Promise.resolve(false);
    Object.assign(e, {
      status: 'pending',
      attempts: 0,
      runAt: now,
      finishedAt: undefined,
      updatedAt: now,
    });
    return Promise.resolve(true);
  }

  cancel(id: string, now: Date): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e || (e.status !== 'pending' && e.status !== 'running')) return Promise.resolve(false);
    Object.assign(e, { ...released, status: 'cancelled', finishedAt: now, updatedAt: now });
    return Promise.resolve(true);
  }

  stats(tenantId?: string): Promise<JobStats> {
    const stats: JobStats = {};
    for (const entry of this.entries.values()) {
      if (tenantId !== undefined && entry.tenantId !== tenantId) continue;
      const { name, status } = entry;
      stats[name] ??= Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as JobStats[string];
      stats[name][status] += 1;
    }
    return Promise.resolve(stats);
  }

  private own(id: string, workerId: string, now: Date, patch: Partial<Entry>): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e || e.status !== 'running' || e.lockedBy !== workerId) return Promise.resolve(false);
    Object.assign(e, patch, { updatedAt: now });
    return Promise.resolve(true);
  }

  private view(e: Entry): JobView {
    const { context: _context, backoff: _backoff, timeoutMs: _timeout, seq: _seq, ...view } = e;
    return structuredClone(view);
  }
}

const released = { lockedBy: undefined, leaseExpiresAt: undefined } as const;
