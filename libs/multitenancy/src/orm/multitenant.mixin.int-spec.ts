import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from '@mikro-orm/core';
import { isTenantIsolationError } from '../errors/tenant-isolation.error.js';
import { isTenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { isTenantRequiredError } from '../errors/tenant-required.error.js';
import {
  CountedOrderRepository,
  Order,
  OrderRepository,
  OuterCountedOrderRepository,
} from './tenant-entities.fixture.js';
import { asTenant, failure, useTenantTestOrm } from './tenant-orm.fixture.js';

describe('Multitenant() repositories on PostgreSQL', () => {
  const db = useTenantTestOrm();

  it('each tenant reads only its rows; another tenant id is not found', async () => {
    await asTenant('acme', async () => {
      const repo = new OrderRepository(db.orm.em.fork(), Order);
      const all: Order[] = await repo.findAll({ orderBy: { id: 'asc' } });
      expect(all.map((o) => o.id)).toEqual(['a-1', 'a-2']);
      expect((await repo.find({ status: 'pending' })).map((o) => o.id)).toEqual(['a-1']);
      expect(await repo.findOne('b-1')).toBeNull();
      expect(await repo.findOne({ id: 'b-1' })).toBeNull();
      expect((await repo.findOne('a-2'))?.status).toBe('confirmed');
      expect(await repo.find(['a-1', 'b-1'])).toHaveLength(1);
      await expect(repo.findOneOrFail('b-2')).rejects.toBeInstanceOf(NotFoundError);
      const [page, total] = await repo.findAndCount({}, { limit: 1 });
      expect([page.length, total]).toEqual([1, 2]);
      expect(await repo.count()).toBe(2);
      expect(await repo.count({ tenantId: 'bolt' })).toBe(0);
      expect(await repo.countBy('status')).toEqual({ pending: 1, confirmed: 1 });
      const streamed: string[] = [];
      for await (const order of repo.stream()) streamed.push(order.id);
      expect(streamed.sort()).toEqual(['a-1', 'a-2']);
    });
    await asTenant('bolt', async () => {
      const repo = new OrderRepository(db.orm.em.fork(), Order);
      expect((await repo.findAll()).map((o) => o.id).sort()).toEqual(['b-1', 'b-2']);
    });
  });

  it('keeps the tenant condition with the filters turned off', async () => {
    await asTenant('acme', async () => {
      const repo = new OrderRepository(db.orm.em.fork(), Order);
      expect(await repo.find({}, { filters: false })).toHaveLength(2);
      expect(await repo.count({}, { filters: { tenant: false } })).toBe(2);
    });
  });

  it('reads by id through the identity map of a shared EntityManager still check the tenant', async () => {
    const em = db.orm.em.fork();
    await asTenant('acme', () => new OrderRepository(em, Order).findOneOrFail('a-1'));
    await asTenant('bolt', async () => {
      expect(await new OrderRepository(em, Order).findOne('a-1')).toBeNull();
    });
  });

  it('nativeUpdate and nativeDelete touch only the tenant rows and cannot move rows', async () => {
    await asTenant('acme', async () => {
      const repo = new OrderRepository(db.orm.em.fork(), Order);
      expect(await repo.nativeUpdate({}, { status: 'archived' })).toBe(2);
      expect(await repo.nativeUpdate({ id: 'b-1' }, { status: 'hacked' })).toBe(0);
      expect(await repo.nativeDelete({ id: 'b-2' })).toBe(0);
      expect(await repo.nativeDelete({ id: 'a-1' })).toBe(1);
      const moved = await failure(() => repo.nativeUpdate({ id: 'a-2' }, { tenantId: 'bolt' }));
      expect(isTenantMismatchError(moved)).toBe(true);
    });
    expect(await db.rows()).toEqual([
      { id: 'a-2', tenant_id: 'acme', status: 'archived', amount: 20 },
      { id: 'b-1', tenant_id: 'bolt', status: 'pending', amount: 30 },
      { id: 'b-2', tenant_id: 'bolt', status: 'confirmed', amount: 40 },
    ]);
  });

  it('create and insert assign the tenant; upsert never overwrites another tenant row', async () => {
    await asTenant('acme', async () => {
      const em = db.orm.em.fork();
      const repo = new OrderRepository(em, Order);
      const created = repo.create({ id: 'a-3', status: 'new', amount: 3 });
      expect(created.tenantId).toBe('acme');
      await em.flush();
      await repo.insert({ id: 'a-4', status: 'new', amount: 4 });
      await repo.insertMany([{ id: 'a-5', status: 'new', amount: 5 }]);
      await repo.upsert({ id: 'a-1', status: 'upserted', amount: 1 });
      const hijack = await failure(() => repo.upsert({ id: 'b-1', status: 'hijacked', amount: 0 }));
      expect(isTenantIsolationError(hijack)).toBe(true);
      const many = await failure(() =>
        repo.upsertMany([
          { id: 'a-2', status: 'confirmed', amount: 20 },
          { id: 'b-2', status: 'hijacked', amount: 0 },
        ]),
      );
      expect(isTenantIsolationError(many)).toBe(true);
      const foreign = await failure(async () =>
        repo.create({ id: 'x', status: 'new', amount: 0, tenantId: 'bolt' }),
      );
      expect(isTenantMismatchError(foreign)).toBe(true);
    });
    const stored = await db.rows();
    expect(stored.map((r) => `${r.id}:${r.tenant_id}:${r.status}`)).toEqual([
      'a-1:acme:upserted',
      'a-2:acme:confirmed',
      'a-3:acme:new',
      'a-4:acme:new',
      'a-5:acme:new',
      'b-1:bolt:pending',
      'b-2:bolt:confirmed',
    ]);
  });

  it('without a tenant every method throws TenantRequiredError before any query', async () => {
    const em = db.orm.em.fork();
    const repo = new OrderRepository(em, Order);
    const calls: (() => Promise<unknown>)[] = [
      () => repo.find({}),
      () => repo.findOne('a-1'),
      () => repo.findAll(),
      () => repo.count(),
      () => repo.nativeUpdate({}, { status: 'x' }),
      () => repo.nativeDelete({}),
      async () => repo.create({ id: 'n-1', status: 'new', amount: 0 }),
      () => repo.insert({ id: 'n-2', status: 'new', amount: 0, tenantId: 'acme' }),
    ];
    for (const call of calls) expect(isTenantRequiredError(await failure(call))).toBe(true);
    await em.flush();
    expect((await db.rows()).map((r) => r.status)).toEqual([
      'pending',
      'confirmed',
      'pending',
      'confirmed',
    ]);
  });

  it('composes with another mixin, in either order', async () => {
    // Type level (checked by tsc and ts-jest): the mixins keep the entity-typed API.
    const typed = (repo: CountedOrderRepository): Promise<Order | null> => {
      // @ts-expect-error `status` is a string column
      void repo.find({ status: 42 });
      // @ts-expect-error Order has no `nope` property
      void repo.create({ id: 'x', status: 'new', amount: 1, nope: true });
      return repo.findOne('a-1');
    };
    expect(typed).toBeInstanceOf(Function);
    await asTenant('bolt', async () => {
      const inner = new CountedOrderRepository(db.orm.em.fork(), Order);
      const outer = new OuterCountedOrderRepository(db.orm.em.fork(), Order);
      const fromInner: Order[] = await inner.find({ status: 'pending' });
      const fromOuter: Order[] = await outer.find({});
      expect(fromInner.map((o) => o.id)).toEqual(['b-1']);
      expect(fromOuter.map((o) => o.id).sort()).toEqual(['b-1', 'b-2']);
      expect([inner.reads, outer.reads]).toEqual([1, 1]);
      expect(await inner.count()).toBe(2);
    });
  });
});
