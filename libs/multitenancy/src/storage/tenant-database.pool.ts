import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Clock, SystemClock } from '@cqrs-ddd/core';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { isMultitenancyError } from '../errors/multitenancy.error.js';
import type { Tenant } from '../registry/tenant.js';
import { TenantDatabasePoolExhaustedError } from './tenant-database-pool-exhausted.error.js';
import {
  DEFAULT_TENANT_DATABASE_ACQUIRE_TIMEOUT_MS,
  DEFAULT_TENANT_DATABASE_IDLE_TIMEOUT_MS,
  DEFAULT_TENANT_DATABASES_MAX_OPEN,
  type PoolTimer,
  type TenantDatabasePoolOptions,
  unrefInterval,
} from './tenant-database-pool.options.js';
import { type PgPoolLike, TenantDatabaseEntry } from './tenant-database.entry.js';
import { TenantDatabaseUnavailableError } from './tenant-database-unavailable.error.js';
import { tenantOrmOptions } from './tenant-orm.options.js';
import { PoolChangeSignal } from './pool-change.signal.js';

/**
 * One MikroORM per database-per-tenant tenant, created lazily from the application's options.
 *
 * - Opening is single-flight; each ORM has its own `contextName` (`tenant:<id>`), so its forks
 *   never replace the application's request context.
 * - At most `maxOpen` databases are connected: opening one more closes the least recently used
 *   idle one; when every open database is busy (a lease, a checked-out connection, a queued
 *   query), the opener waits up to `acquireTimeoutMs` for one to become idle, then fails with
 *   `TenantDatabasePoolExhaustedError` (a soft failure: nothing in flight is ever cut off).
 * - Databases idle for `idleTimeoutMs` are closed by an unref'ed background sweep.
 * - Closing only disconnects: the MikroORM instance is kept (one per tenant used since start),
 *   so storage targets handed out stay valid and reconnect on their next query.
 */
export class TenantDatabasePool implements OnApplicationShutdown {
  private readonly logger = new Logger(TenantDatabasePool.name);
  private readonly entries = new Map<string, TenantDatabaseEntry>();
  private readonly changes = new PoolChangeSignal();
  private readonly clock: Clock;
  private readonly maxOpen: number;
  private readonly idleTimeoutMs: number;
  private timer?: PoolTimer;
  private closed = false;

  constructor(private readonly options: TenantDatabasePoolOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.maxOpen = options.maxOpen ?? DEFAULT_TENANT_DATABASES_MAX_OPEN;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_TENANT_DATABASE_IDLE_TIMEOUT_MS;
    if (!Number.isInteger(this.maxOpen) || this.maxOpen < 1) {
      throw new MultitenancyConfigurationError(
        `TenantDatabasePool maxOpen must be a positive integer, got ${this.maxOpen}.`,
      );
    }
  }

  /** How many tenant databases are connected or being connected (not being closed) now. */
  get openCount(): number {
    return this.slotsInUse();
  }

  /** True when the database of `tenantId` is connected or being connected (not being closed). */
  isOpen(tenantId: string): boolean {
    return this.entries.get(tenantId)?.holdsSlot ?? false;
  }

  /**
   * The MikroORM of a database-tier tenant, created on first call but not connected: it
   * connects on its first query (counting against `maxOpen` from then on).
   */
  async instance(tenant: Tenant): Promise<MikroORM> {
    const entry = this.entryFor(tenant);
    entry.lastUsed = this.now();
    if (entry.orm) return entry.orm;
    entry.creating ??= this.create(entry).finally(() => (entry.creating = undefined));
    return entry.creating;
  }

  /**
   * The MikroORM of `tenant`, connected (the connection is checked once per opening).
   * @throws TenantDatabasePoolExhaustedError when no slot frees up within `acquireTimeoutMs`
   * @throws TenantDatabaseUnavailableError when the database cannot be reached, or the pool is closed
   */
  open(tenant: Tenant): Promise<MikroORM> {
    return this.acquire(tenant, false);
  }

  /** Runs `work` with the connected MikroORM of `tenant`, which is not closed while it runs. */
  async use<T>(tenant: Tenant, work: (orm: MikroORM) => Promise<T>): Promise<T> {
    const orm = await this.acquire(tenant, true);
    const entry = this.entries.get(tenant.id);
    try {
      return await work(orm);
    } finally {
      if (entry) {
        entry.leases -= 1;
        entry.lastUsed = this.now();
      }
      this.notify();
    }
  }

  /** The MikroORM of `tenantId` if it was created (connected or not), marking it used. */
  peek(tenantId: string): MikroORM | undefined {
    const entry = this.entries.get(tenantId);
    if (entry?.orm) entry.lastUsed = this.now();
    return entry?.orm;
  }

  /** Closes the databases idle for `idleTimeoutMs` (the background sweep calls it). */
  async evictIdle(): Promise<void> {
    const now = this.now();
    const idle = [...this.entries.values()].filter(
      (entry) => entry.holdsSlot && !entry.busy && now - entry.lastUsed >= this.idleTimeoutMs,
    );
    await Promise.all(idle.map((entry) => this.disconnect(entry)));
  }

  /** Disconnects and forgets the ORM of `tenantId` (e.g. before its database is dropped). */
  async discard(tenantId: string): Promise<void> {
    const entry = this.entries.get(tenantId);
    if (!entry) return;
    this.entries.delete(tenantId);
    await entry.creating?.catch(() => undefined);
    await entry.closing;
    await entry.orm?.close();
    this.notify();
  }

  /** Closes every tenant database; the pool refuses to open any afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.stop();
    this.notify();
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      entries.map(async (entry) => {
        const orm = entry.orm ?? (await entry.creating?.catch(() => undefined));
        await entry.closing;
        await orm?.close();
      }),
    );
  }

  /** Closes the pool when the Nest application shuts down. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async acquire(tenant: Tenant, lease: boolean): Promise<MikroORM> {
    const orm = await this.instance(tenant);
    const entry = this.entries.get(tenant.id);
    if (!entry || this.closed) throw this.unavailable(tenant.id);
    entry.opening += 1;
    try {
      await entry.closing;
      if (!entry.slot) await this.reserve(entry);
      if (!entry.connected) await this.connect(entry, orm);
      entry.lastUsed = this.now();
      if (lease) entry.leases += 1;
      return orm;
    } finally {
      entry.opening -= 1;
      this.notify();
    }
  }

  private async connect(entry: TenantDatabaseEntry, orm: MikroORM): Promise<void> {
    let check: { ok: boolean; reason?: string; error?: unknown };
    try {
      await orm.connect();
      check = await orm.checkConnection();
    } catch (error) {
      if (isMultitenancyError(error)) {
        await this.disconnect(entry);
        throw error;
      }
      check = { ok: false, reason: error instanceof Error ? error.message : String(error), error };
    }
    if (!check.ok) {
      await this.disconnect(entry);
      throw new TenantDatabaseUnavailableError(entry.tenant.id, check.reason ?? 'unknown', {
        cause: check.error,
      });
    }
    entry.connected = true;
  }

  /** Takes a slot for `entry`, closing the least recently used idle database or waiting. */
  private async reserve(entry: TenantDatabaseEntry): Promise<void> {
    const deadline =
      Date.now() + (this.options.acquireTimeoutMs ?? DEFAULT_TENANT_DATABASE_ACQUIRE_TIMEOUT_MS);
    for (;;) {
      if (this.closed) throw this.unavailable(entry.tenant.id);
      if (this.slotsInUse() >= this.maxOpen) {
        const victim = this.leastRecentlyUsedIdle(entry);
        if (victim) void this.disconnect(victim);
      }
      if (this.slotsInUse() < this.maxOpen) {
        entry.slot = true;
        return;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new TenantDatabasePoolExhaustedError(
          entry.tenant.id,
          this.maxOpen,
          this.options.acquireTimeoutMs ?? DEFAULT_TENANT_DATABASE_ACQUIRE_TIMEOUT_MS,
        );
      }
      await this.changes.next(remaining);
    }
  }

  /** Called synchronously by MikroORM whenever it creates a `pg` pool for `entry`'s ORM. */
  private attached(entry: TenantDatabaseEntry, pool: PgPoolLike): void {
    entry.pgPool = pool;
    entry.connected = true;
    entry.lastUsed = this.now();
    pool.on('release', () => this.notify());
    if (entry.slot) return;
    // A holder of a closed ORM queried it: it reconnected by itself, so count it and make room.
    entry.slot = true;
    if (this.slotsInUse() > this.maxOpen) {
      const victim = this.leastRecentlyUsedIdle(entry);
      if (victim) void this.disconnect(victim);
    }
  }

  private disconnect(entry: TenantDatabaseEntry): Promise<void> {
    if (entry.closing) return entry.closing;
    const { orm, pgPool } = entry;
    const closing = (orm ? orm.close() : Promise.resolve())
      .catch((error: unknown) =>
        this.logger.warn(
          `Closing the database of tenant "${entry.tenant.id}" failed: ${String(error)}`,
        ),
      )
      .finally(() => {
        entry.closing = undefined;
        if (entry.pgPool === pgPool) {
          entry.pgPool = undefined;
          entry.connected = false;
          entry.slot = false;
        }
        this.notify();
      });
    entry.closing = closing;
    return closing;
  }

  private async create(entry: TenantDatabaseEntry): Promise<MikroORM> {
    const options = await tenantOrmOptions(entry.tenant, this.options, (pool) =>
      this.attached(entry, pool),
    );
    const orm = await (this.options.init ?? ((o: Options) => MikroORM.init(o)))(options);
    if (this.closed || this.entries.get(entry.tenant.id) !== entry) {
      await orm.close();
      throw this.unavailable(entry.tenant.id);
    }
    entry.orm = orm;
    return orm;
  }

  private entryFor(tenant: Tenant): TenantDatabaseEntry {
    if (this.closed) throw this.unavailable(tenant.id);
    let entry = this.entries.get(tenant.id);
    if (!entry) {
      entry = new TenantDatabaseEntry(tenant, this.now());
      this.entries.set(tenant.id, entry);
      const sweepMs = Math.min(Math.max(Math.floor(this.idleTimeoutMs / 2), 10), 60_000);
      this.timer ??= (this.options.every ?? unrefInterval)(sweepMs, () => void this.evictIdle());
    }
    return entry;
  }

  private slotsInUse(): number {
    return [...this.entries.values()].filter((entry) => entry.holdsSlot).length;
  }

  private leastRecentlyUsedIdle(except: TenantDatabaseEntry): TenantDatabaseEntry | undefined {
    let victim: TenantDatabaseEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry === except || !entry.holdsSlot || entry.busy) continue;
      if (!victim || entry.lastUsed < victim.lastUsed) victim = entry;
    }
    return victim;
  }

  private notify(): void {
    this.changes.notify();
  }

  private unavailable(tenantId: string): TenantDatabaseUnavailableError {
    return new TenantDatabaseUnavailableError(tenantId, 'the tenant database pool is closed');
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
