import { randomUUID } from 'node:crypto';
import {
  HeldLock,
  type HeldLockOperations,
  type Lock,
  LockNotHeldError,
  type LockOptions,
  LockStrategy,
  ResourceWaiters,
  type StopKeepAlive,
  SystemClock,
  waitForLock,
  extendPeriodically,
} from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { type LeaseStatements, leaseStatements } from './postgres-lease.statements.js';
import { type ProjectionsSchemaOptions, projectionsTables } from './projections-schema.js';

/** Options of {@link PostgresLockStrategy}. */
export interface PostgresLockStrategyOptions extends ProjectionsSchemaOptions {
  /**
   * Longest pause between attempts while `acquire` waits for a lease held elsewhere (pauses
   * start at a few milliseconds and double). Releases by this instance wake its waiters at once.
   * @default 100
   */
  readonly maxPollIntervalMs?: number;
}

/**
 * {@link LockStrategy} on leases in the `processor_leases` table, shared by every instance
 * using the same database and schema. Each operation is one atomic statement run on its own
 * pooled connection in autocommit mode, outside any MikroORM transaction of the caller, so a
 * lease is visible to other instances as soon as it is granted. Expiries use the database clock.
 * A released lease keeps its row, so fencing tokens strictly increase per resource.
 * `runExclusive` extends the lease every `ttlMs / 3` while its function runs.
 */
export class PostgresLockStrategy extends LockStrategy {
  private readonly sql: LeaseStatements;
  private readonly maxPollIntervalMs: number;
  private readonly waiters = new ResourceWaiters();
  private readonly clock = new SystemClock();
  private readonly operations: HeldLockOperations = {
    extend: (lease, ttlMs) => this.extendLease(lease, ttlMs),
    release: (lease) => this.releaseLease(lease),
  };

  constructor(
    private readonly em: SqlEntityManager,
    options: PostgresLockStrategyOptions = {},
  ) {
    super();
    this.sql = leaseStatements(projectionsTables(options).leases);
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 100;
    if (!(Number.isFinite(this.maxPollIntervalMs) && this.maxPollIntervalMs >= 1)) {
      throw new ProjectionsConfigurationError(
        `maxPollIntervalMs must be a number of milliseconds >= 1, got ${this.maxPollIntervalMs}.`,
      );
    }
  }

  async tryAcquire(resource: string, options: LockOptions): Promise<Lock | null> {
    this.assertValidRequest(resource, options);
    return this.take(resource, options.ttlMs, options.sessionId ?? randomUUID());
  }

  async acquire(resource: string, options: LockOptions): Promise<Lock> {
    this.assertValidRequest(resource, options);
    const sessionId = options.sessionId ?? randomUUID();
    return waitForLock(() => this.take(resource, options.ttlMs, sessionId), {
      resource,
      waitMs: options.waitMs ?? 0,
      clock: this.clock,
      waiters: this.waiters,
      maxPollIntervalMs: this.maxPollIntervalMs,
    });
  }

  protected override keepAlive(
    lock: Lock,
    options: LockOptions,
    onLost: () => void,
  ): StopKeepAlive {
    return extendPeriodically(lock, options.ttlMs, onLost);
  }

  private async take(resource: string, ttlMs: number, sessionId: string): Promise<Lock | null> {
    const rows = await this.run<{ token: string; expires_at: Date | string }>(this.sql.take, [
      resource,
      sessionId,
      ttlMs,
    ]);
    const row = rows[0];
    if (!row) return null;
    return new HeldLock(
      this.operations,
      resource,
      Number(row.token),
      sessionId,
      new Date(row.expires_at),
    );
  }

  private async extendLease(lease: HeldLock, ttlMs: number): Promise<void> {
    this.assertValidTtl(ttlMs);
    const rows = lease.released
      ? []
      : await this.run<{ expires_at: Date | string }>(this.sql.extend, [
          ttlMs,
          lease.resource,
          lease.token,
        ]);
    if (!rows[0]) throw new LockNotHeldError(lease.resource, lease.token);
    lease.expiresAt = new Date(rows[0].expires_at);
  }

  private async releaseLease(lease: HeldLock): Promise<boolean> {
    if (lease.released) return false;
    lease.released = true;
    const rows = await this.run<{ holds: number }>(this.sql.release, [lease.resource, lease.token]);
    if (rows[0]?.holds === 0) this.waiters.wake(lease.resource);
    return rows.length > 0;
  }

  /** Runs `sql` on a pooled connection in autocommit mode, even inside a transaction. */
  private run<TRow>(sql: string, params: unknown[]): Promise<TRow[]> {
    return this.em.getConnection().execute<TRow[]>(sql, params, 'all');
  }
}
