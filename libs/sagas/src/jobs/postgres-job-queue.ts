import { type Clock, type IdGenerator, SystemClock, UuidV7IdGenerator } from '@cqrs-ddd/core';
import type { Transaction } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { captureContext } from '../scheduling/captured-context.js';
import { schedulingTables } from '../scheduling/scheduling-schema.js';
import { resolveEnqueue } from './job-enqueue.options.js';
import { JobQueue } from './job-queue.port.js';
import type { JobStore } from './job.store.js';
import {
  type ClaimedJob,
  type EnqueueJobOptions,
  type JobListQuery,
  type JobStats,
  JOB_STATUSES,
  type JobView,
} from './job.types.js';
import { claimedJobFromRow, type JobRow, jobViewFromRow } from './postgres-job.row.js';

/** Options of {@link PostgresJobQueue}. */
export interface PostgresJobQueueOptions {
  /** PostgreSQL schema of the tables (create them with `migrateScheduling`). @default 'public' */
  readonly schema?: string;
  /** Time source. @default new SystemClock() */
  readonly clock?: Clock;
  /** Source of job ids. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

const iso = (date: Date) => date.toISOString();
const leaseEnd = (now: Date, leaseMs: number) => iso(new Date(now.getTime() + leaseMs));

/**
 * {@link JobQueue} and {@link JobStore} on PostgreSQL (`<schema>.jobs`), through MikroORM.
 * `enqueue` joins the caller's active MikroORM transaction; workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED` and hold them by a lease they renew while the handler runs.
 */
export class PostgresJobQueue extends JobQueue implements JobStore {
  private readonly table: string;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  /** @throws SchedulingConfigurationError for an invalid schema name */
  constructor(
    private readonly em: EntityManager,
    options: PostgresJobQueueOptions = {},
  ) {
    super();
    this.table = schedulingTables(options.schema).jobs;
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
  }

  async enqueue(name: string, payload: unknown, options: EnqueueJobOptions = {}): Promise<string> {
    const job = resolveEnqueue(name, payload, options, this.clock.now());
    const context = captureContext();
    const tenantKey = context.tenantId ?? '';
    const [inserted] = await this.run<{ id: string }>(
      `INSERT INTO ${this.table} (id, tenant_key, tenant_id, name, key, payload, context,
         max_attempts, backoff_initial_ms, backoff_max_ms, timeout_ms, run_at)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?::timestamptz)
       ON CONFLICT (tenant_key, name, key) WHERE key IS NOT NULL AND status IN ('pending', 'running')
       DO UPDATE SET updated_at = ${this.table}.updated_at RETURNING id`,
      [
        this.ids.newId(),
        tenantKey,
        context.tenantId ?? null,
        name,
        job.key ?? null,
        job.payloadJson,
        JSON.stringify(context),
        job.maxAttempts,
        job.backoff.initialDelayMs,
        job.backoff.maxDelayMs,
        job.timeoutMs ?? null,
        iso(job.runAt),
      ],
    );
    // A conflict (an unfinished job of this key) returns the existing job's id, atomically.
    return inserted!.id;
  }

  async claim(workerId: string, limit: number, leaseMs: number, now: Date): Promise<ClaimedJob[]> {
    const rows = await this.run<JobRow>(
      `UPDATE ${this.table} SET status = 'running', attempts = attempts + 1, locked_by = ?,
         lease_expires_at = ?::timestamptz, updated_at = now()
       WHERE id IN (
         SELECT id FROM ${this.table} WHERE status = 'pending' AND run_at <= ?::timestamptz
         ORDER BY run_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [workerId, leaseEnd(now, leaseMs), iso(now), limit],
      null,
    );
    return rows
      .map(claimedJobFromRow)
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id.localeCompare(b.id));
  }

  async heartbeat(id: string, workerId: string, leaseMs: number, now: Date): Promise<boolean> {
    return this.ownUpdate(id, workerId, `lease_expires_at = ?::timestamptz`, [
      leaseEnd(now, leaseMs),
    ]);
  }

  async complete(id: string, workerId: string, now: Date): Promise<boolean> {
    return this.ownUpdate(
      id,
      workerId,
      `status = 'succeeded', locked_by = NULL, lease_expires_at = NULL, last_error = NULL,
       finished_at = ?::timestamptz`,
      [iso(now)],
    );
  }

  async fail(
    id: string,
    workerId: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<boolean> {
    return retryAt
      ? this.ownUpdate(
          id,
          workerId,
          `status = 'pending', locked_by = NULL, lease_expires_at = NULL, last_error = ?,
           run_at = ?::timestamptz`,
          [error, iso(retryAt)],
        )
      : this.ownUpdate(
          id,
          workerId,
          `status = 'failed', locked_by = NULL, lease_expires_at = NULL, last_error = ?,
           finished_at = ?::timestamptz`,
          [error, iso(now)],
        );
  }

  async sweep(now: Date): Promise<number> {
    const rows = await this.run<{ id: string }>(
      `UPDATE ${this.table} SET
         status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
         finished_at = CASE WHEN attempts >= max_attempts THEN ?::timestamptz END,
         last_error = 'worker ' || locked_by || ' lost the job (lease expired)',
         locked_by = NULL, lease_expires_at = NULL, run_at = ?::timestamptz, updated_at = now()
       WHERE status = 'running' AND lease_expires_at < ?::timestamptz
       RETURNING id`,
      [iso(now), iso(now), iso(now)],
      null,
    );
    return rows.length;
  }

  async list(query: JobListQuery = {}): Promise<JobView[]> {
    const rows = await this.run<JobRow>(
      `SELECT * FROM ${this.table}
       WHERE (?::text IS NULL OR status = ?) AND (?::text IS NULL OR name = ?)
         AND (?::text IS NULL OR tenant_id = ?)
       ORDER BY created_at DESC, id DESC LIMIT ?`,
      [
        query.status ?? null,
        query.status ?? null,
        query.name ?? null,
        query.name ?? null,
        query.tenantId ?? null,
        query.tenantId ?? null,
        query.limit ?? 50,
      ],
    );
    return rows.map(jobViewFromRow);
  }

  async get(id: string): Promise<JobView | undefined> {
    const [row] = await this.run<JobRow>(`SELECT * FROM ${this.table} WHERE id = ?`, [id]);
    return row && jobViewFromRow(row);
  }

  async retry(id: string, now: Date): Promise<boolean> {
    const rows = await this.run(
      `UPDATE ${this.table} SET status = 'pending', attempts = 0, run_at = ?::timestamptz,
         finished_at = NULL, updated_at = now()
       WHERE id = ? AND status IN ('failed', 'cancelled') RETURNING id`,
      [iso(now), id],
    );
    return rows.length > 0;
  }

  async cancel(id: string, now: Date): Promise<boolean> {
    const rows = await this.run(
      `UPDATE ${this.table} SET status = 'cancelled', locked_by = NULL, lease_expires_at = NULL,
         finished_at = ?::timestamptz, updated_at = now()
       WHERE id = ? AND status IN ('pending', 'running') RETURNING id`,
      [iso(now), id],
    );
    return rows.length > 0;
  }

  async stats(tenantId?: string): Promise<JobStats> {
    const rows = await this.run<{ name: string; status: string; count: string | number }>(
      `SELECT name, status, count(*) AS count FROM ${this.table}
       WHERE ?::text IS NULL OR tenant_id = ? GROUP BY name, status`,
      [tenantId ?? null, tenantId ?? null],
    );
    const stats: JobStats = {};
    for (const { name, status, count } of rows) {
      stats[name] ??= Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as JobStats[string];
      stats[name][status as keyof JobStats[string]] = Number(count);
    }
    return stats;
  }

  private async ownUpdate(
    id: string,
    workerId: string,
    set: string,
    params: unknown[],
  ): Promise<boolean> {
    const rows = await this.run(
      `UPDATE ${this.table} SET ${set}, updated_at = now()
       WHERE id = ? AND locked_by = ? AND status = 'running' RETURNING id`,
      [...params, id, workerId],
      null,
    );
    return rows.length > 0;
  }

  /** Runs `sql` in `ctx`: by default the caller's active transaction, if any; `null`: none. */
  private run<TRow = unknown>(
    sql: string,
    params: unknown[],
    ctx: Transaction | null | undefined = this.em.getTransactionContext(),
  ): Promise<TRow[]> {
    return this.em.getConnection().execute<TRow[]>(sql, params, 'all', ctx ?? undefined);
  }
}
