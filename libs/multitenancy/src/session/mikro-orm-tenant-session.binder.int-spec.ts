import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  MikroOrmUnitOfWork,
  PostgresEventStore,
  PostgresSnapshotStore,
} from '@cqrs-ddd/event-store';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import { RequestContext } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import {
  createTenantRlsTestBed,
  tenantEvent,
  type TenantRlsTestBed,
  testTenant,
} from '../rls/tenant-rls-test-bed.fixture.js';
import { MikroOrmTenantSessionBinder } from './mikro-orm-tenant-session.binder.js';

describe('MikroOrmTenantSessionBinder', () => {
  let orm: MikroORM;
  let bed: TenantRlsTestBed;
  let binder: MikroOrmTenantSessionBinder;
  let uow: MikroOrmUnitOfWork;
  const a = testTenant('a');
  const b = testTenant('b');

  beforeAll(async () => {
    orm = await createTestOrm();
    bed = await createTenantRlsTestBed(orm);
    binder = new MikroOrmTenantSessionBinder(orm, { role: bed.role });
    uow = new MikroOrmUnitOfWork(orm.em);
  });
  afterAll(async () => {
    await bed?.drop();
    await orm.close();
  });

  /** Through the application's (global) EntityManager, as the suite's stores do. */
  const rows = <T = Record<string, unknown>>(sql: string) => orm.em.execute<T[]>(sql);
  const kyselyRows = async <T>(sql: string) =>
    (await orm.em.getKysely().executeQuery<T>(CompiledQuery.raw(sql))).rows;
  const ids = async (table: string) =>
    (
      await rows<{ id: string }>(
        `SELECT ${table === bed.messages ? 'stream_id' : 'id'} AS id FROM ${table} ORDER BY 1`,
      )
    ).map((r) => r.id);
  const session = async () =>
    (
      await rows<{ tenant: string | null; role: string }>(
        `SELECT current_setting('app.tenant_id', true) AS tenant, current_user AS role`,
      )
    )[0];

  it("binds the tenant's transactions: raw SQL sees only the tenant's rows", async () => {
    const seen = await binder.run(a, () =>
      orm.em.transactional(async () => ({
        session: await session(),
        messages: await ids(bed.messages),
        streams: await ids(bed.streams),
        documents: await ids(bed.documents),
        viaKysely: await kyselyRows<{ stream_id: string }>(`SELECT stream_id FROM ${bed.messages}`),
      })),
    );
    expect(seen).toEqual({
      session: { tenant: 'a', role: bed.role },
      messages: ['a-1', 'a-1'],
      streams: ['a-1'],
      documents: ['a-1'],
      viaKysely: [{ stream_id: 'a-1' }, { stream_id: 'a-1' }],
    });
    // em.execute outside an explicit transaction: MikroORM wraps it in a bound one.
    expect(await binder.run(b, () => ids(bed.streams))).toEqual(['b-1']);
  });

  it("rejects writing another tenant's row inside the tenant's transaction", async () => {
    await expect(
      binder.run(a, () =>
        orm.em.transactional(() =>
          rows(`INSERT INTO ${bed.documents} (collection, tenant_id, id, document, transaction_id, global_position)
                VALUES ('orders', 'b', 'intruder', '{}', 1, 9)`),
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await ids(bed.documents)).toEqual(['a-1', 'b-1']);
  });

  it('leaves work outside any tenant binding (processors, owner) seeing every tenant', async () => {
    const { tenant, role } = await session();
    expect([tenant || null, role === bed.role]).toEqual([null, false]);
    expect(await ids(bed.streams)).toEqual(['a-1', 'b-1']);
    expect(await orm.em.transactional(() => ids(bed.documents))).toEqual(['a-1', 'b-1']);
  });

  it('appends through the event store in the unit of work under the tenant role, stamped with the tenant', async () => {
    const snapshots = new PostgresSnapshotStore(orm.em, { schema: bed.schema });
    const result = await binder.run(a, () =>
      uow.run(async () => {
        await bed.store.append('a-2', [tenantEvent('a')]);
        await bed.store.appendToStreams([
          { streamId: 'a-3', events: [tenantEvent('a')] },
          { streamId: 'a-1', events: [tenantEvent('a', 3)], expectedVersion: 2 },
        ]);
        await snapshots.save({
          streamId: 'a-1',
          version: 3,
          type: 'Thing',
          schemaVersion: 1,
          state: {},
          takenAt: new Date().toISOString(),
        });
        const other: unknown[] = [];
        for await (const event of bed.store.readStream('b-1')) other.push(event);
        return {
          other,
          otherVersion: await bed.store.streamVersion('b-1'),
          role: (await session()).role,
        };
      }),
    );
    expect(result).toEqual({ other: [], otherVersion: 0, role: bed.role });
    const stamped = await rows<{ stream_id: string; tenant_id: string }>(
      `SELECT stream_id, tenant_id FROM ${bed.messages} WHERE stream_id <> 'b-1'
       UNION ALL SELECT id, tenant_id FROM ${bed.streams} WHERE id <> 'b-1'
       UNION ALL SELECT stream_id, tenant_id FROM ${bed.snapshots} ORDER BY 1`,
    );
    expect(new Set(stamped.map((r) => r.tenant_id))).toEqual(new Set(['a']));
    expect(stamped).toHaveLength(5 + 3 + 1); // a-1 ×3, a-2, a-3 messages; 3 streams; 1 snapshot
    // An event claiming another tenant is refused, and nothing of the unit is kept.
    await expect(
      binder.run(a, () => uow.run(() => bed.store.append('a-4', [tenantEvent('b')]))),
    ).rejects.toThrow(/row-level security/);
    expect(await bed.store.streamVersion('a-4')).toBe(0);
  });

  it('keeps 20 interleaved works of two tenants apart: no session leaks across the pool', async () => {
    let arrived = 0;
    let release!: () => void;
    const allInside = new Promise<void>((resolve) => (release = resolve));
    const works = Array.from({ length: 20 }, (_, i) => {
      const tenant = i % 2 === 0 ? a : b;
      return binder.run(tenant, () =>
        uow.run(async () => {
          const before = await ids(bed.streams);
          if (++arrived === 20) release();
          await allInside; // every transaction is open at once, each on its own connection
          const after = await ids(bed.documents);
          return { tenant: tenant.id, before, after, session: await session() };
        }),
      );
    });
    for (const seen of await Promise.all(works)) {
      const own = (id: string) => id.startsWith(`${seen.tenant}-`);
      expect(seen.before.length).toBeGreaterThan(0);
      expect(seen.before.every(own) && seen.after.every(own)).toBe(true);
      expect(seen.session).toEqual({ tenant: seen.tenant, role: bed.role });
    }
    // The pooled connections went back unbound.
    const after = await Promise.all(
      Array.from({ length: 20 }, () => orm.em.transactional(session)),
    );
    expect(after.every((s) => !s.tenant && s.role !== bed.role)).toBe(true);
  });

  it('shows why the binder handles open transactions: MikroORM applies the context only at begin', async () => {
    const session = { variables: { 'app.tenant_id': 'a' }, role: bed.role };
    const [refused, unbound] = await orm.em.transactional(async () => {
      // Setting it on the current context inside a transaction fails closed...
      const refused = await RequestContext.create(orm.em, async () => {
        RequestContext.getEntityManager()!.setSessionContext(session);
      }).catch((error: Error) => error.message);
      // ...but a fresh fork carrying it joins the open transaction silently unbound.
      const unbound = await RequestContext.create(
        orm.em,
        () => orm.em.transactional(() => ids(bed.streams)),
        { session },
      );
      return [refused, unbound];
    });
    expect(refused).toMatch(/inside an active transaction/);
    expect(unbound).toEqual(['a-1', 'a-2', 'a-3', 'b-1']);
  });

  it('binds an unbound open transaction for the work, then restores it', async () => {
    const seen = await orm.em.transactional(async () => {
      const inside = await binder.run(a, () =>
        uow.run(async () => ({ streams: await ids(bed.streams), session: await session() })),
      );
      return { inside, afterwards: await ids(bed.streams), role: (await session()).role };
    });
    expect(seen.inside).toEqual({
      streams: ['a-1', 'a-2', 'a-3'],
      session: { tenant: 'a', role: bed.role },
    });
    expect(seen.afterwards).toEqual(['a-1', 'a-2', 'a-3', 'b-1']);
    expect(seen.role).not.toBe(bed.role);
  });

  it('joins a transaction bound to the same tenant, refuses one bound to another', async () => {
    const nested = await binder.run(a, () =>
      uow.run(() => binder.run(a, () => uow.run(() => ids(bed.streams)))),
    );
    expect(nested).toEqual(['a-1', 'a-2', 'a-3']);
    await expect(
      binder.run(a, () => uow.run(() => binder.run(b, () => ids(bed.streams)))),
    ).rejects.toMatchObject({
      code: 'TENANT_SESSION_CONFLICT',
      boundTenantId: 'a',
      requestedTenantId: 'b',
    });
  });

  it('shares a binding between concurrent works of the tenant in one open transaction, refusing another tenant', async () => {
    const results = await orm.em.transactional(() =>
      Promise.allSettled([
        binder.run(a, () => ids(bed.streams)),
        binder.run(a, () => ids(bed.streams)),
        binder.run(b, () => ids(bed.streams)),
      ]),
    );
    expect(results.slice(0, 2)).toEqual([
      { status: 'fulfilled', value: ['a-1', 'a-2', 'a-3'] },
      { status: 'fulfilled', value: ['a-1', 'a-2', 'a-3'] },
    ]);
    expect(results[2]).toMatchObject({
      status: 'rejected',
      reason: { code: 'TENANT_SESSION_CONFLICT' },
    });
  });

  it('only sets the variable with role: false (a superuser login then still sees everything)', async () => {
    const variableOnly = new MikroOrmTenantSessionBinder(orm, { role: false });
    const seen = await variableOnly.run(a, () =>
      orm.em.transactional(async () => ({
        session: await session(),
        streams: await ids(bed.streams),
      })),
    );
    expect(seen.session.tenant).toBe('a');
    expect(seen.session.role).not.toBe(bed.role);
    expect(seen.streams).toContain('b-1');
  });
});

describe("MikroOrmTenantSessionBinder with MikroORM's sessionContext: 'connection'", () => {
  let orm: MikroORM;
  let bed: TenantRlsTestBed;
  let binder: MikroOrmTenantSessionBinder;
  let store: PostgresEventStore;

  beforeAll(async () => {
    orm = await createTestOrm({ sessionContext: 'connection' });
    bed = await createTenantRlsTestBed(orm);
    binder = new MikroOrmTenantSessionBinder(orm, { role: bed.role });
    store = new PostgresEventStore(orm.em, { schema: bed.schema, preparedStatements: true });
  });
  afterAll(async () => {
    await store?.close();
    await bed?.drop();
    await orm.close();
  });

  const read = async (streamId: string) => {
    const events: string[] = [];
    for await (const event of store.readStream(streamId)) events.push(event.streamId);
    return events;
  };

  it('binds reads outside any transaction too (the event store read through Kysely)', async () => {
    const seen = await binder.run(testTenant('a'), async () => ({
      own: await read('a-1'),
      other: await read('b-1'),
      otherVersion: await store.streamVersion('b-1'),
    }));
    expect(seen).toEqual({ own: ['a-1', 'a-1'], other: [], otherVersion: 0 });
    // Connections acquired outside the binding are reset: the owner sees every tenant again.
    const all = await Promise.all([read('a-1'), read('b-1')]);
    expect(all).toEqual([['a-1', 'a-1'], ['b-1']]);
  });

  it('appends in the unit of work under the tenant role', async () => {
    const uow = new MikroOrmUnitOfWork(orm.em);
    await binder.run(testTenant('b'), () => uow.run(() => store.append('b-2', [tenantEvent('b')])));
    const [row] = await orm.em.execute<{ tenant_id: string }[]>(
      `SELECT tenant_id FROM ${bed.streams} WHERE id = 'b-2'`,
    );
    expect(row.tenant_id).toBe('b');
  });
});
