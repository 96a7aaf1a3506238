import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestContext } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { deferred, pollUntil } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { Tenant } from '../registry/tenant.js';
import { databaseTenant } from './fake-tenant-orm.fixture.js';
import { isTenantDatabasePoolExhaustedError } from './tenant-database-pool-exhausted.error.js';
import { TenantDatabasePool } from './tenant-database.pool.js';

describe('TenantDatabasePool (real PostgreSQL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const names = ['a', 'b', 'c'].map((n) => `tenant_pool_${n}_${suffix}`);
  let app: MikroORM;
  let tenants: Tenant[];
  const pools: TenantDatabasePool[] = [];

  beforeAll(async () => {
    app = await createTestOrm();
    for (const name of names) await app.em.execute(`CREATE DATABASE "${name}"`);
    const url = (name: string) => {
      const parsed = new URL(process.env.DATABASE_URL!);
      parsed.pathname = `/${name}`;
      return parsed.toString();
    };
    tenants = names.map((name, i) => databaseTenant(`t${i}-${suffix}`, url(name)));
  });

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.close();
  });

  afterAll(async () => {
    for (const name of names)
      await app.em.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await app.close();
  });

  const newPool = (options: ConstructorParameters<typeof TenantDatabasePool>[0] = {}) => {
    const pool = new TenantDatabasePool({ baseOptions: app.config.getAll(), ...options });
    pools.push(pool);
    return pool;
  };
  const sessions = async (database: string) => {
    const [row] = await app.em.execute<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ?',
      [database],
    );
    return row!.n;
  };
  const currentDatabase = async (orm: MikroORM) => {
    const [row] = await orm.em.execute<{ db: string }[]>('SELECT current_database() AS db');
    return row!.db;
  };

  it("opens each tenant's own database with the app's options and a tenant context name", async () => {
    const pool = newPool();
    const orm = await pool.open(tenants[0]!);
    expect(await currentDatabase(orm)).toBe(names[0]);
    expect(orm.config.get('contextName')).toBe(`tenant:${tenants[0]!.id}`);
    // One request context holds both forks: the tenant's does not replace the app's.
    await RequestContext.create([app.em, orm.em], async () => {
      const [appContext, tenantContext] = [app.em.getContext(), orm.em.getContext()];
      expect(appContext).not.toBe(app.em);
      expect(appContext.config).toBe(app.config);
      expect(tenantContext).not.toBe(orm.em);
      expect(tenantContext.config).toBe(orm.config);
    });
    expect(await sessions(names[0]!)).toBeGreaterThan(0);
  });

  it('closes the least recently used idle database beyond maxOpen; a kept instance reconnects', async () => {
    const pool = newPool({ maxOpen: 2 });
    const [a, b, c] = tenants as [Tenant, Tenant, Tenant];
    const ormA = await pool.open(a);
    await currentDatabase(ormA);
    await currentDatabase(await pool.open(b));
    await currentDatabase(await pool.open(c));
    expect([pool.isOpen(a.id), pool.isOpen(b.id), pool.isOpen(c.id)]).toEqual([false, true, true]);
    await expect(
      pollUntil(
        () => sessions(names[0]!),
        (n) => n === 0,
      ),
    ).resolves.toBe(0);
    // A holder of a's target queries it: it reconnects and b, now the LRU one, is closed.
    expect(await currentDatabase(ormA)).toBe(names[0]);
    expect(pool.openCount).toBe(2);
    expect(pool.isOpen(b.id)).toBe(false);
    await expect(
      pollUntil(
        () => sessions(names[1]!),
        (n) => n === 0,
      ),
    ).resolves.toBe(0);
  });

  it('does not close a database with an open transaction; openers wait, then give up', async () => {
    const pool = newPool({ maxOpen: 1, acquireTimeoutMs: 300 });
    const [a, b] = tenants as [Tenant, Tenant];
    const ormA = await pool.open(a);
    const inside = deferred<void>();
    const release = deferred<void>();
    const transaction = ormA.em.fork().transactional(async (em) => {
      await em.execute('SELECT 1');
      inside.resolve();
      await release.promise;
    });
    await inside.promise;
    const error = await pool.open(b).catch((e: unknown) => e);
    expect(isTenantDatabasePoolExhaustedError(error)).toBe(true);
    expect(pool.isOpen(a.id)).toBe(true);
    const waiting = pool.open(b);
    release.resolve();
    await transaction;
    expect(await currentDatabase(await waiting)).toBe(names[1]);
    expect(pool.isOpen(a.id)).toBe(false);
  });

  it('closes databases left idle for idleTimeoutMs (unref-ed background sweep)', async () => {
    const pool = newPool({ idleTimeoutMs: 200 });
    const orm = await pool.open(tenants[2]!);
    await currentDatabase(orm);
    expect(await sessions(names[2]!)).toBeGreaterThan(0);
    await expect(
      pollUntil(
        async () => pool.openCount,
        (n) => n === 0,
        5_000,
      ),
    ).resolves.toBe(0);
    await expect(
      pollUntil(
        () => sessions(names[2]!),
        (n) => n === 0,
      ),
    ).resolves.toBe(0);
    expect(await orm.isConnected()).toBe(false);
  });

  it('close() disconnects every tenant database', async () => {
    const pool = newPool();
    await Promise.all(tenants.map(async (t) => currentDatabase(await pool.open(t))));
    await pool.close();
    const counts = await pollUntil(
      () => Promise.all(names.map(sessions)),
      (all) => all.every((n) => n === 0),
    );
    expect(counts).toEqual([0, 0, 0]);
  });
});
