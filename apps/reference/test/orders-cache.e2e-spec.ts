import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startApp, type E2eApp } from './support/e2e-app.js';

type Agent = Awaited<ReturnType<E2eApp['as']>>;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Order reads go through the Redis cache (`REDIS_URL` set): a read is served from the cache
 * while its entry lives, even after the order changed; a read asking for the newer version
 * (`minVersion`) gets it and drops the stale entry; entries are per tenant, so another tenant
 * never receives one.
 */
describe('order reads through the Redis cache (e2e)', () => {
  const suffix = randomBytes(3).toString('hex');
  const [tenantA, tenantB] = [`cache-a-${suffix}`, `cache-b-${suffix}`];
  const redis = new Redis(REDIS_URL);
  let api: E2eApp;
  let writerA: Agent;

  beforeAll(async () => {
    // A long TTL: what a read returns then depends on the cache alone, not on timing.
    api = await startApp({
      REDIS_URL,
      ORDER_CACHE_TTL_MS: '600000',
      TENANTS: `${tenantA},${tenantB}`,
    });
    writerA = await api.as({ sub: 'writer-a', tenant: tenantA, roles: ['order:writer'] });
  });

  afterAll(async () => {
    await api?.close();
    for (const tenant of [tenantA, tenantB]) {
      const keys = await redis.keys(`*{orders:${tenant}}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  const itemsOf = (body: unknown) => (body as { items: { productId: string }[] }).items;

  it('serves the cached summary until a read asks for a newer version', async () => {
    const created = await writerA.post('/orders').send({ customerId: 'c-cache' });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect((await writerA.get(`/orders/${id}`).query({ minVersion: 1 })).status).toBe(200);
    const first = await writerA.get(`/orders/${id}`);
    expect(first.status).toBe(200);
    expect(itemsOf(first.body)).toEqual([]);
    expect(await redis.keys(`*{orders:${tenantA}}*`)).not.toHaveLength(0);

    const added = await writerA
      .post(`/orders/${id}/items`)
      .send({ productId: 'p-1', quantity: 1, unitPrice: 2 });
    expect(added.status).toBe(200);
    const { version } = added.body as { version: number };

    // The cached entry (version 1) is served: the read model may already be newer.
    const cached = await writerA.get(`/orders/${id}`);
    expect(cached.status).toBe(200);
    expect((cached.body as { version: number }).version).toBe(1);

    const fresh = await writerA.get(`/orders/${id}`).query({ minVersion: version });
    expect(fresh.status).toBe(200);
    expect(itemsOf(fresh.body).map((item) => item.productId)).toEqual(['p-1']);

    // The stale entry was dropped: plain reads see the new version from now on.
    const after = await writerA.get(`/orders/${id}`);
    expect((after.body as { version: number }).version).toBe(version);
  });

  it("never serves one tenant's cached order to another", async () => {
    const created = await writerA.post('/orders').send({ customerId: 'c-isolation' });
    const { id } = created.body as { id: string };
    expect((await writerA.get(`/orders/${id}`).query({ minVersion: 1 })).status).toBe(200);
    expect((await writerA.get(`/orders/${id}`)).status).toBe(200);

    const readerB = await api.as({ sub: 'reader-b', tenant: tenantB, roles: ['order:reader'] });
    const other = await readerB.get(`/orders/${id}`);
    expect(other.status).toBe(404);
    // Tenant A's entry stays A's; B's miss cached nothing (absent orders are not cached).
    expect(await redis.keys(`*{orders:${tenantA}}*`)).not.toHaveLength(0);
    expect(await redis.keys(`*{orders:${tenantB}}*`)).toHaveLength(0);
  });
});
