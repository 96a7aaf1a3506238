import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unleashNormalizedValue } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { ORDER_CANCELLATION_FLAG } from '../src/features/order-feature-flags.js';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { problemOf } from './support/orders-api.js';

type Agent = Awaited<ReturnType<E2eApp['as']>>;

const TENANTS = ['acme', 'globex', ...Array.from({ length: 14 }, (_, i) => `shop-${i + 1}`)];
const ROLLOUT = 50;

/** Whether the seeded rollout serves `tenant` (Unleash's sticky bucket of tenant and flag). */
const inRollout = (tenant: string) =>
  unleashNormalizedValue(tenant, ORDER_CANCELLATION_FLAG) <= ROLLOUT;

/**
 * Order cancellation sits behind the `order-cancellation` flag, rolled out to a share of tenants
 * (sticky per tenant): where it is off the command is refused as not found on every transport
 * and nothing changes; flags are changed at run time through the access-controlled admin API,
 * per tenant (override) or globally, and the change takes effect at once.
 */
describe('feature flags (e2e)', () => {
  let api: E2eApp;
  const [inside, outside, otherOutside] = [
    TENANTS.find(inRollout)!,
    ...TENANTS.filter((tenant) => !inRollout(tenant)).slice(0, 2),
  ];
  const writerOf = (tenant: string) =>
    api.as({ sub: `writer-${tenant}`, tenant, roles: ['order:writer'] });

  beforeAll(async () => {
    api = await startApp({
      TENANTS: TENANTS.join(','),
      ORDER_CANCELLATION_ROLLOUT: String(ROLLOUT),
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function orderOf(writer: Agent): Promise<string> {
    const created = await writer.post('/orders').send({ customerId: 'c-flags' });
    expect(created.status).toBe(201);
    return (created.body as { id: string }).id;
  }

  const cancel = async (writer: Agent, id: string) => writer.post(`/orders/${id}/cancel`);

  it('serves cancellation to the tenants inside the rollout only, on REST and GraphQL', async () => {
    expect([inside, outside, otherOutside].every(Boolean)).toBe(true);
    const allowed = await writerOf(inside);
    const refused = await writerOf(outside);

    expect((await cancel(allowed, await orderOf(allowed))).status).toBe(200);

    const id = await orderOf(refused);
    const response = await cancel(refused, id);
    expect(response.status).toBe(404);
    expect(problemOf(response)).toMatchObject({ code: 'NOT_FOUND' });
    const graphql = await refused.post('/graphql').send({
      query: 'mutation ($id: ID!) { cancelOrder(orderId: $id) { id version } }',
      variables: { id },
    });
    expect(graphql.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const order = await refused.get(`/orders/${id}`).query({ minVersion: 1 });
    expect(order.body).toMatchObject({ status: 'pending', version: 1 });
  });

  it('keeps the admin API to its permissions', async () => {
    const writer = await writerOf(inside);
    expect((await writer.get('/feature-flags')).status).toBe(403);
    const tenantAdmin = await api.as({
      sub: 'flags-admin',
      tenant: inside,
      roles: ['feature-flags:admin'],
    });
    expect((await tenantAdmin.get('/feature-flags')).body).toEqual({ items: [] });
    const global = await tenantAdmin.get('/feature-flags').query({ scope: 'global' });
    expect(global.status).toBe(403);
    const bad = await tenantAdmin.post('/feature-flags').send({ key: '', enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(problemOf(bad).errors?.map((error) => error.path)).toEqual(
      expect.arrayContaining(['key', 'enabled']),
    );
  });

  it("lets a tenant's admin turn cancellation on for that tenant only", async () => {
    const admin = await api.as({
      sub: 'flags-admin',
      tenant: outside,
      roles: ['feature-flags:admin', 'order:writer'],
    });
    const created = await admin.post('/feature-flags').send({
      key: ORDER_CANCELLATION_FLAG,
      enabled: true,
      defaultValue: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: ORDER_CANCELLATION_FLAG, tenantId: outside });

    const id = await orderOf(admin);
    const cancelled = await pollUntil(
      async () => (await cancel(admin, id)).status,
      (status) => status === 200,
      1_000,
    );
    expect(cancelled).toBe(200);
    const stillRefused = await writerOf(otherOutside!);
    expect((await cancel(stillRefused, await orderOf(stillRefused))).status).toBe(404);
  });

  it('lets a platform admin change the global flag, which every tenant then follows', async () => {
    const platform = await api.as({ sub: 'root', tenant: 'acme', roles: ['platform-admin'] });
    const current = await platform
      .get(`/feature-flags/${ORDER_CANCELLATION_FLAG}`)
      .query({ scope: 'global' });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      version: 1,
      definition: { rollout: { percentage: ROLLOUT, bucketBy: 'tenantId' } },
    });
    const stale = await platform
      .put(`/feature-flags/${ORDER_CANCELLATION_FLAG}`)
      .query({ scope: 'global' })
      .send({ enabled: false, defaultValue: false, expectedVersion: 7 });
    expect(stale.status).toBe(409);

    const disabled = await platform
      .put(`/feature-flags/${ORDER_CANCELLATION_FLAG}`)
      .query({ scope: 'global' })
      .send({ enabled: false, defaultValue: false, expectedVersion: 1 });
    expect(disabled.status).toBe(200);
    const writer = await writerOf(inside);
    const id = await orderOf(writer);
    const refused = await pollUntil(
      async () => (await cancel(writer, id)).status,
      (status) => status === 404,
      1_000,
    );
    expect(refused).toBe(404);
  });

  it('reaches a second app instance on the same database within a second', async () => {
    const second = await startApp({
      TENANTS: TENANTS.join(','),
      ORDER_CANCELLATION_ROLLOUT: String(ROLLOUT),
    });
    try {
      const writerOnSecond = await second.as({
        sub: 'writer-2',
        tenant: otherOutside!,
        roles: ['order:writer'],
      });
      const created = await writerOnSecond.post('/orders').send({ customerId: 'c-second' });
      const { id } = created.body as { id: string };
      expect((await writerOnSecond.post(`/orders/${id}/cancel`)).status).toBe(404);

      const admin = await api.as({
        sub: 'flags-admin',
        tenant: otherOutside!,
        roles: ['feature-flags:admin'],
      });
      const changedAt = Date.now();
      expect(
        (
          await admin
            .post('/feature-flags')
            .send({ key: ORDER_CANCELLATION_FLAG, enabled: true, defaultValue: true })
        ).status,
      ).toBe(201);
      const status = await pollUntil(
        async () => (await writerOnSecond.post(`/orders/${id}/cancel`)).status,
        (value) => value === 200,
        1_000,
      );
      expect(status).toBe(200);
      expect(Date.now() - changedAt).toBeLessThan(1_000);
    } finally {
      await second.close();
    }
  });
});
