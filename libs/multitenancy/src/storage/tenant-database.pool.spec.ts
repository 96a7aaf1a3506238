import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { isMultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { databaseTenant, fake, fakeOrmFactory, manualTimer } from './fake-tenant-orm.fixture.js';
import { isTenantDatabasePoolExhaustedError } from './tenant-database-pool-exhausted.error.js';
import type { TenantDatabasePoolOptions } from './tenant-database-pool.options.js';
import { TenantDatabasePool } from './tenant-database.pool.js';
import { isTenantDatabaseUnavailableError } from './tenant-database-unavailable.error.js';

const [a, b, c] = ['a', 'b', 'c'].map((id) => databaseTenant(id));

function setup(options: TenantDatabasePoolOptions = {}) {
  const clock = new FakeClock();
  const orms = fakeOrmFactory();
  const timer = manualTimer();
  const pool = new TenantDatabasePool({
    clock,
    init: orms.init,
    every: timer.every,
    ...options,
  });
  return { clock, orms, timer, pool };
}

describe('TenantDatabasePool', () => {
  it('creates one MikroORM per tenant, once, from the base options and the tenant URL', async () => {
    const { pool, orms } = setup({
      baseOptions: {
        user: 'app',
        password: 'secret',
        dbName: 'app',
        debug: true,
        pool: { idleTimeoutMillis: 99 },
      },
    });
    const [first, second] = await Promise.all([pool.open(a), pool.open(a)]);
    expect(first).toBe(second);
    expect(orms.created).toHaveLength(1);
    expect(orms.created[0]!.options).toMatchObject({
      clientUrl: 'postgresql://db.test:5433/t_a',
      host: 'db.test',
      port: 5433,
      dbName: 't_a',
      user: 'app',
      password: 'secret',
      debug: true,
      contextName: 'tenant:a',
      ensureDatabase: false,
      pool: { idleTimeoutMillis: 99, min: 0, max: 5 },
    });
    expect(pool.isOpen('a')).toBe(true);
    expect(pool.openCount).toBe(1);
  });

  it('takes user and password from the tenant URL when it has them, and applies poolSize', async () => {
    const { pool, orms } = setup({ baseOptions: { user: 'app', password: 'secret' }, poolSize: 2 });
    await pool.open(databaseTenant('d', 'postgresql://owner:p%40ss@h/tenant_d'));
    expect(orms.created[0]!.options).toMatchObject({
      user: 'owner',
      password: 'p@ss',
      port: 5432,
      pool: { max: 2 },
    });
  });

  it('uses connectionFor instead of the URL when given', async () => {
    const { pool, orms } = setup({
      connectionFor: async (tenant) => ({ dbName: `custom_${tenant.id}`, password: 'from-vault' }),
    });
    await pool.open(a);
    expect(orms.created[0]!.options).toMatchObject({ dbName: 'custom_a', password: 'from-vault' });
    expect(orms.created[0]!.options.clientUrl).toBeUndefined();
  });

  it('closes the least recently used idle database when opening one more than maxOpen', async () => {
    const { pool, clock } = setup({ maxOpen: 2 });
    const ormA = await pool.open(a);
    clock.advance(10);
    const ormB = await pool.open(b);
    clock.advance(10);
    await pool.open(c);
    expect(fake(ormA).closed).toBe(true);
    expect(fake(ormB).closed).toBe(false);
    expect([pool.isOpen('a'), pool.isOpen('b'), pool.isOpen('c')]).toEqual([false, true, true]);
    expect(pool.openCount).toBe(2);
    // The instance is kept: reopening reconnects it and now evicts b, the least recently used.
    clock.advance(10);
    expect(await pool.open(a)).toBe(ormA);
    expect(fake(ormA).closed).toBe(false);
    expect(fake(ormB).closed).toBe(true);
    expect(pool.openCount).toBe(2);
  });

  it('counts peek (StorageTargets.current) as use for the LRU order', async () => {
    const { pool, clock } = setup({ maxOpen: 2 });
    const ormA = await pool.open(a);
    clock.advance(10);
    const ormB = await pool.open(b);
    clock.advance(10);
    expect(pool.peek('a')).toBe(ormA);
    await pool.open(c);
    expect(fake(ormB).closed).toBe(true);
    expect(fake(ormA).closed).toBe(false);
  });

  it('never closes a busy database: a checked-out connection keeps it open', async () => {
    const { pool, clock } = setup({ maxOpen: 2 });
    const ormA = await pool.open(a);
    fake(ormA).pgPool!.checkOut();
    clock.advance(10);
    const ormB = await pool.open(b);
    await pool.open(c);
    expect(fake(ormA).closed).toBe(false);
    expect(fake(ormB).closed).toBe(true);
  });

  it('waits for a busy database to become idle when all are busy, then takes its slot', async () => {
    const { pool } = setup({ maxOpen: 1, acquireTimeoutMs: 5_000 });
    const ormA = await pool.open(a);
    const pgA = fake(ormA).pgPool!;
    pgA.checkOut();
    const opening = pool.open(b);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.isOpen('b')).toBe(false);
    pgA.release();
    const ormB = await opening;
    expect(fake(ormA).closed).toBe(true);
    expect(fake(ormB).closed).toBe(false);
    expect(pool.openCount).toBe(1);
  });

  it('fails with TenantDatabasePoolExhaustedError when no database becomes idle in time', async () => {
    const { pool } = setup({ maxOpen: 1, acquireTimeoutMs: 20 });
    await pool.use(a, async () => {
      const error = await pool.open(b).catch((e: unknown) => e);
      expect(isTenantDatabasePoolExhaustedError(error)).toBe(true);
      expect(error).toMatchObject({ tenantId: 'b', maxOpen: 1 });
    });
    expect(pool.isOpen('b')).toBe(false);
    expect(pool.isOpen('a')).toBe(true);
  });

  it('closes databases idle for idleTimeoutMs on the sweep, unless busy', async () => {
    const { pool, clock, timer } = setup({ idleTimeoutMs: 60_000 });
    const ormA = await pool.open(a);
    const ormB = await pool.open(b);
    expect(timer.state.ms).toBe(30_000);
    fake(ormB).pgPool!.checkOut();
    clock.advance(59_999);
    await pool.evictIdle();
    expect(pool.openCount).toBe(2);
    clock.advance(1);
    timer.state.tick!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake(ormA).closed).toBe(true);
    expect(fake(ormB).closed).toBe(false);
    expect(pool.openCount).toBe(1);
  });

  it('keeps a database leased by use() open while the work runs', async () => {
    const { pool, clock } = setup({ idleTimeoutMs: 1_000 });
    await pool.use(a, async (orm) => {
      clock.advance(5_000);
      await pool.evictIdle();
      expect(fake(orm).closed).toBe(false);
    });
    await pool.evictIdle();
    expect(pool.isOpen('a')).toBe(true);
    clock.advance(1_000);
    await pool.evictIdle();
    expect(pool.isOpen('a')).toBe(false);
  });

  it('counts an ORM that reconnected by itself, making room by closing the LRU idle one', async () => {
    const { pool, clock } = setup({ maxOpen: 2 });
    const ormA = await pool.open(a);
    clock.advance(10);
    await pool.open(b);
    clock.advance(10);
    await pool.open(c);
    expect(pool.isOpen('a')).toBe(false);
    // A holder of target a queries it: MikroORM creates a new pg pool.
    clock.advance(10);
    fake(ormA).reconnect();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.isOpen('a')).toBe(true);
    expect(pool.isOpen('b')).toBe(false);
    expect(pool.openCount).toBe(2);
  });

  it('reports an unreachable database and releases its slot', async () => {
    const { pool, orms } = setup({
      init: async (options) => {
        const orm = await fakeOrmFactory().init(options);
        fake(orm).reachable = false;
        orms.created.push(fake(orm));
        return orm;
      },
    });
    const error = await pool.open(a).catch((e: unknown) => e);
    expect(isTenantDatabaseUnavailableError(error)).toBe(true);
    expect((error as Error).message).toContain('does not exist');
    expect(pool.openCount).toBe(0);
    expect(orms.created[0]!.closed).toBe(true);
  });

  it('retries creating an ORM after a failed init', async () => {
    let calls = 0;
    const orms = fakeOrmFactory();
    const { pool } = setup({
      init: async (options) => {
        calls += 1;
        if (calls === 1) throw new Error('metadata discovery failed');
        return orms.init(options);
      },
    });
    await expect(pool.open(a)).rejects.toThrow('metadata discovery failed');
    const orm = await pool.open(a);
    expect(orm).toBe(orms.created[0]);
  });

  it('refuses driverOptions that hold a Kysely instance or dialect', async () => {
    class Dialect {}
    const { pool } = setup({ baseOptions: { driverOptions: new Dialect() } });
    const error = await pool.open(a).catch((e: unknown) => e);
    expect(isMultitenancyConfigurationError(error)).toBe(true);
  });

  it('chains a configured onPoolCreated hook', async () => {
    const seen: unknown[] = [];
    const { pool } = setup({
      baseOptions: { driverOptions: { onPoolCreated: (p: unknown) => seen.push(p) } },
    });
    const orm = await pool.open(a);
    expect(seen).toEqual([fake(orm).pgPool]);
  });

  it('discard() closes and forgets an ORM: the next open creates a new one', async () => {
    const { pool, orms } = setup();
    const first = await pool.open(a);
    await pool.discard('a');
    expect(fake(first).closed).toBe(true);
    expect(pool.peek('a')).toBeUndefined();
    expect(await pool.open(a)).not.toBe(first);
    expect(orms.created).toHaveLength(2);
  });

  it('close() closes every database, stops the sweep and refuses to open more', async () => {
    const { pool, timer } = setup();
    const ormA = await pool.open(a);
    const ormB = await pool.instance(b);
    await pool.onApplicationShutdown();
    expect([fake(ormA).closed, fake(ormB).closed]).toEqual([true, true]);
    expect(timer.state.stopped).toBe(true);
    const error = await pool.open(c).catch((e: unknown) => e);
    expect(isTenantDatabaseUnavailableError(error)).toBe(true);
  });

  it('rejects a maxOpen that is not a positive integer', () => {
    expect(() => new TenantDatabasePool({ maxOpen: 0 })).toThrow(/maxOpen/);
  });
});
