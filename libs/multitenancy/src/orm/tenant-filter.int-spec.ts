import { describe, expect, it } from '@jest/globals';
import { isTenantIsolationError } from '../errors/tenant-isolation.error.js';
import { isTenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { isTenantRequiredError } from '../errors/tenant-required.error.js';
import { Currency, Invoice, Order } from './tenant-entities.fixture.js';
import { asTenant, failure, useTenantTestOrm } from './tenant-orm.fixture.js';

describe('the tenant filter and TenantAssignmentSubscriber (EntityManager) on PostgreSQL', () => {
  const db = useTenantTestOrm();

  it('em.find, em.findOne and em.count only see the tenant rows', async () => {
    await asTenant('acme', async () => {
      const em = db.orm.em.fork();
      expect((await em.find(Order, {}, { orderBy: { id: 'asc' } })).map((o) => o.id)).toEqual([
        'a-1',
        'a-2',
      ]);
      expect(await em.findOne(Order, 'b-1')).toBeNull();
      expect(await em.count(Order)).toBe(2);
      expect(await em.count(Order, { tenantId: 'bolt' })).toBe(0);
      expect(await em.nativeDelete(Order, { id: 'b-1' })).toBe(0);
    });
    await asTenant('bolt', async () => {
      const em = db.orm.em.fork();
      const order = await em.findOneOrFail(Order, 'b-1');
      order.status = 'shipped';
      await em.flush();
    });
    expect((await db.rows()).map((r) => `${r.id}:${r.status}`)).toEqual([
      'a-1:pending',
      'a-2:confirmed',
      'b-1:shipped',
      'b-2:confirmed',
    ]);
  });

  it('without a tenant em queries throw; platform jobs turn the filter off explicitly', async () => {
    const em = db.orm.em.fork();
    expect(isTenantRequiredError(await failure(() => em.find(Order, {})))).toBe(true);
    expect(isTenantRequiredError(await failure(() => em.count(Order)))).toBe(true);
    expect(await em.count(Order, {}, { filters: { tenant: false } })).toBe(4);
    // Shared entities are not scoped.
    expect(await em.count(Currency)).toBe(0);
  });

  it('creating without a tenant throws TenantRequiredError and inserts nothing', async () => {
    const em = db.orm.em.fork();
    em.create(Order, { id: 'n-1', status: 'new', amount: 0 });
    expect(isTenantRequiredError(await failure(() => em.flush()))).toBe(true);
    expect(await db.rows()).toHaveLength(4);
  });

  it('stamps new entities, refuses another tenant and refuses moving a row', async () => {
    await asTenant('acme', async () => {
      const em = db.orm.em.fork();
      const order = em.create(Order, { id: 'a-3', status: 'new', amount: 3 });
      await em.flush();
      expect(order.tenantId).toBe('acme');

      const foreign = db.orm.em.fork();
      foreign.create(Order, { id: 'x-1', status: 'new', amount: 0, tenantId: 'bolt' });
      expect(isTenantMismatchError(await failure(() => foreign.flush()))).toBe(true);

      const moving = db.orm.em.fork();
      (await moving.findOneOrFail(Order, 'a-1')).tenantId = 'bolt';
      expect(isTenantMismatchError(await failure(() => moving.flush()))).toBe(true);
    });
    expect((await db.rows()).map((r) => `${r.id}:${r.tenant_id}`)).toEqual([
      'a-1:acme',
      'a-2:acme',
      'a-3:acme',
      'b-1:bolt',
      'b-2:bolt',
    ]);
  });

  it('em.upsert of a tenant-scoped entity is refused (it could overwrite another tenant row)', async () => {
    const error = await failure(() =>
      asTenant('acme', () =>
        db.orm.em.fork().upsert(Order, { id: 'b-1', status: 'hijacked', amount: 0 }),
      ),
    );
    expect(isTenantIsolationError(error)).toBe(true);
    expect((await db.rows()).find((r) => r.id === 'b-1')).toMatchObject({
      tenant_id: 'bolt',
      status: 'pending',
    });
    // Shared entities upsert as usual.
    await db.orm.em.fork().upsert(Currency, { code: 'EUR' });
    expect(await db.orm.em.fork().count(Currency)).toBe(1);
  });

  it('an entity of another tenant loaded by a platform job cannot be changed in a tenant context', async () => {
    const em = db.orm.em.fork();
    const foreign = await em.findOneOrFail(Order, 'b-1', { filters: { tenant: false } });
    foreign.status = 'hacked';
    const error = await failure(() => asTenant('acme', () => em.flush()));
    expect(isTenantMismatchError(error)).toBe(true);
    expect((await db.rows()).find((r) => r.id === 'b-1')?.status).toBe('pending');
  });

  it('a defineEntity schema made tenant-scoped with tenantScoped() on its own property', async () => {
    await asTenant('acme', async () => {
      const em = db.orm.em.fork();
      const invoice = em.create(Invoice, { id: 'i-1', total: 5 });
      await em.flush();
      expect(invoice.org).toBe('acme');
    });
    await asTenant('bolt', async () => {
      const em = db.orm.em.fork();
      em.create(Invoice, { id: 'i-2', total: 7 });
      await em.flush();
      expect((await em.find(Invoice, {})).map((i) => i.id)).toEqual(['i-2']);
      expect(await em.findOne(Invoice, 'i-1')).toBeNull();
    });
  });
});
