import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { createOrder, problemOf, readOrder } from './support/orders-api.js';

describe('concurrent writes on one order (e2e)', () => {
  let api: E2eApp;

  beforeAll(async () => {
    api = await startApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('20 concurrent add-item requests: each succeeds or gets 409; the order holds the successes', async () => {
    const { id } = await createOrder(api, 'c-race');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api
          .http()
          .post(`/orders/${id}/items`)
          .send({ productId: `sku-${index}`, quantity: 1, unitPrice: 1.25 }),
      ),
    );
    const succeeded = responses.filter((response) => response.status === 200);
    const conflicted = responses.filter((response) => response.status === 409);
    expect(succeeded.length + conflicted.length).toBe(20);
    expect(succeeded.length).toBeGreaterThan(0);
    for (const response of conflicted)
      expect(problemOf(response).code).toBe('CONCURRENCY_CONFLICT');
    // Every success got its own version: no lost update.
    const versions = succeeded.map((response) => response.body.version as number);
    expect(new Set(versions).size).toBe(succeeded.length);

    const order = await readOrder(api, id, 1 + succeeded.length);
    expect(order.version).toBe(1 + succeeded.length);
    expect(order.itemCount).toBe(succeeded.length);
    expect((order.items as unknown[]).length).toBe(succeeded.length);
    expect(order.total).toBe(1.25 * succeeded.length);
  });

  it('concurrent writers with the same If-Match: exactly one wins', async () => {
    const { id } = await createOrder(api, 'c-race-if-match');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api
          .http()
          .post(`/orders/${id}/items`)
          .set('If-Match', '"1"')
          .send({ productId: `sku-${index}`, quantity: 1, unitPrice: 1 }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await readOrder(api, id, 2)).toMatchObject({ version: 2, itemCount: 1 });
  });
});
