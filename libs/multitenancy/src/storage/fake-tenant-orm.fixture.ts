import type { MikroORM, Options } from '@mikro-orm/postgresql';
import type { Tenant } from '../registry/tenant.js';
import type { PoolTimer } from './tenant-database-pool.options.js';
import type { PgPoolLike } from './tenant-database.entry.js';

/** A `pg` pool whose activity a test sets by hand. */
export class FakePgPool implements PgPoolLike {
  totalCount = 0;
  idleCount = 0;
  waitingCount = 0;
  private readonly releaseListeners: Array<() => void> = [];

  on(_event: 'release', listener: () => void): this {
    this.releaseListeners.push(listener);
    return this;
  }

  /** A connection is checked out (a query or transaction runs). */
  checkOut(): void {
    this.totalCount += 1;
  }

  /** The connection goes back to the pool, which tells its `release` listeners. */
  release(): void {
    this.idleCount += 1;
    for (const listener of this.releaseListeners) listener();
  }
}

/** Stand-in for a tenant's MikroORM: connecting creates a {@link FakePgPool} as MikroORM does. */
export class FakeTenantOrm {
  pgPool?: FakePgPool;
  closed = false;
  closeCalls = 0;
  reachable = true;

  constructor(readonly options: Options) {}

  async connect(): Promise<void> {
    this.reconnect();
  }

  /** What MikroORM does on a query after `close()`: a new client and `pg` pool. */
  reconnect(): FakePgPool {
    const resolved = (this.options.driverOptions as unknown as () => Record<string, unknown>)();
    this.pgPool = new FakePgPool();
    this.closed = false;
    (resolved.onPoolCreated as (pool: FakePgPool) => void)(this.pgPool);
    return this.pgPool;
  }

  async checkConnection(): Promise<{ ok: boolean; reason?: string }> {
    return this.reachable ? { ok: true } : { ok: false, reason: 'database "x" does not exist' };
  }

  async close(): Promise<void> {
    this.closeCalls += 1;
    this.closed = true;
    this.pgPool = undefined;
  }
}

/** An `init` option for the pool that records the fake ORMs it creates. */
export function fakeOrmFactory() {
  const created: FakeTenantOrm[] = [];
  const init = async (options: Options) => {
    const orm = new FakeTenantOrm(options);
    created.push(orm);
    return orm as unknown as MikroORM;
  };
  return { created, init };
}

/** An `every` option for the pool that a test ticks by hand. */
export function manualTimer() {
  const state: { tick?: () => void; ms?: number; stopped: boolean } = { stopped: false };
  const every = (ms: number, tick: () => void): PoolTimer => {
    state.ms = ms;
    state.tick = tick;
    return { stop: () => (state.stopped = true) };
  };
  return { state, every };
}

/** A database-tier tenant. */
export function databaseTenant(
  id: string,
  databaseUrl = `postgresql://db.test:5433/t_${id}`,
): Tenant {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id,
    name: id,
    status: 'active',
    isolation: 'database',
    databaseUrl,
    createdAt: at,
    updatedAt: at,
  };
}

/** The fake behind a MikroORM handed out by the pool. */
export function fake(orm: MikroORM | undefined): FakeTenantOrm {
  if (!orm) throw new Error('no ORM');
  return orm as unknown as FakeTenantOrm;
}
