import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Cache, Cached, runInContext } from '@cqrs-ddd/core';
import { uniqueName } from '@cqrs-ddd/core/testing';
import { Multitenant, TenantScoped, withTenantIsolation } from '@cqrs-ddd/multitenancy';
import { EntityRepository, EntitySchema, type Opt } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { RedisCache } from './redis-cache.adapter.js';
import { deleteKeysMatching, keysMatching, testRedisUrl } from './redis-cache.fixture.js';

@TenantScoped()
class Order {
  id!: string;
  tenantId!: Opt<string>;
  status!: string;
  amount!: number;
}

const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'cached_orders',
  properties: {
    id: { type: 'string', primary: true },
    tenantId: { type: 'string' },
    status: { type: 'string' },
    amount: { type: 'integer' },
  },
});

/** The composition: tenant scoping outside, the cache inside. */
class CachedOrderRepository extends Multitenant(
  Cached(EntityRepository<Order>, {
    reads: ['findOne', 'find', 'count'],
    writes: ['upsert', 'nativeUpdate', 'nativeDelete', 'insert'],
    ttlMs: 60_000,
  }),
) {
  constructor(
    em: EntityManager,
    readonly cache: Cache,
  ) {
    super(em, Order);
  }
}

const prefix = `${uniqueName('cached_repo')}:`;
let orm: MikroORM;
let redis: Redis;
let cache: RedisCache;
const sql = (statement: string, params: unknown[] = []) =>
  orm.em.getConnection().execute(statement, params);
const repo = () => new CachedOrderRepository(orm.em.fork(), cache);
const as = <T>(tenantId: string, work: () => Promise<T>) => runInContext({ tenantId }, work);

beforeAll(async () => {
  orm = await MikroORM.init(
    withTenantIsolation({
      clientUrl: process.env.DATABASE_URL,
      entities: [OrderSchema],
      pool: { min: 0, max: 2 },
    }),
  );
  await orm.schema.create();
  redis = new Redis(testRedisUrl());
});

beforeEach(async () => {
  cache = new RedisCache(redis, { namespace: uniqueName('orders'), keyPrefix: prefix });
  await sql('TRUNCATE cached_orders');
  await sql(
    `INSERT INTO cached_orders (id, tenant_id, status, amount) VALUES
       ('a-1', 'acme', 'pending', 10), ('a-2', 'acme', 'confirmed', 20),
       ('b-1', 'bolt', 'pending', 30)`,
  );
});

afterAll(async () => {
  await deleteKeysMatching(redis, `${prefix}*`);
  await redis.quit();
  await orm.close();
});

describe('Multitenant(Cached(EntityRepository)) on PostgreSQL and Redis', () => {
  it('reads through the cache: a change behind its back is not seen until a write', async () => {
    await as('acme', async () => {
      await expect(repo().findOne('a-1')).resolves.toMatchObject({ status: 'pending' });
      await sql(`UPDATE cached_orders SET status = 'changed-directly' WHERE id = 'a-1'`);
      await expect(repo().findOne('a-1')).resolves.toMatchObject({ status: 'pending' });
      await expect(repo().count()).resolves.toBe(2);
      await expect(repo().count()).resolves.toBe(2);
      await repo().nativeUpdate({ id: 'a-2' }, { amount: 21 });
      await expect(repo().findOne('a-1')).resolves.toMatchObject({ status: 'changed-directly' });
    });
    const keys = await keysMatching(redis, `${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.includes(':acme}:'))).toBe(true);
  });

  it.each([
    ['insert', (r: CachedOrderRepository) => r.insert({ id: 'a-3', status: 'new', amount: 3 })],
    ['upsert', (r: CachedOrderRepository) => r.upsert({ id: 'a-3', status: 'new', amount: 3 })],
    ['nativeUpdate', (r: CachedOrderRepository) => r.nativeUpdate({ id: 'a-1' }, { amount: 3 })],
    ['nativeDelete', (r: CachedOrderRepository) => r.nativeDelete({ id: 'a-2' })],
  ])('invalidates the tenant entries on %s', async (_name, write) => {
    await as('acme', async () => {
      const before = await repo().find({}, { orderBy: { id: 'asc' } });
      await write(repo());
      const after = await repo().find({}, { orderBy: { id: 'asc' } });
      expect(after).not.toEqual(before);
      const rows = await sql(
        `SELECT id, tenant_id AS "tenantId", status, amount FROM cached_orders
          WHERE tenant_id = 'acme' ORDER BY id`,
      );
      expect(after).toEqual(rows);
    });
  });

  it("never serves tenant B tenant A's entry, nor lets B invalidate A", async () => {
    await as('acme', async () => {
      await expect(repo().findOne('a-1')).resolves.toMatchObject({ id: 'a-1' });
      await expect(repo().find({})).resolves.toHaveLength(2);
    });
    await as('bolt', async () => {
      await expect(repo().findOne('a-1')).resolves.toBeNull();
      const bolts = (await repo().find({})) as Order[];
      expect(bolts.map((order) => order.id)).toEqual(['b-1']);
      await repo().nativeUpdate({ id: 'b-1' }, { amount: 31 });
    });
    await sql(`UPDATE cached_orders SET status = 'changed-directly' WHERE tenant_id = 'acme'`);
    await as('acme', async () => {
      await expect(repo().findOne('a-1')).resolves.toMatchObject({ status: 'pending' });
    });
  });

  it('returns plain JSON objects, not managed entities', async () => {
    await as('acme', async () => {
      const order = await repo().findOne('a-1');
      expect(order).not.toBeInstanceOf(Order);
      expect(order).toEqual({ id: 'a-1', tenantId: 'acme', status: 'pending', amount: 10 });
    });
  });
});
