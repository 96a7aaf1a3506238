import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder, problemOf, readOrder } from './support/orders-api.js';

async function ordersOf(api: E2eApp, customerId: string): Promise<unknown[]> {
  const response = await api
    .http()
    .get('/orders')
    .query({ filter: `customerId:eq:${customerId}` });
  expect(response.status).toBe(200);
  return response.body.items as unknown[];
}

describe('Idempotency-Key on POSTs (e2e)', () => {
  let api: E2eApp;

  beforeAll(async () => {
    api = await startApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('a retried POST /orders returns the first response and creates nothing more', async () => {
    const send = () =>
      api.http().post('/orders').set('Idempotency-Key', 'create-1').send({ customerId: 'c-idem' });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);

    await readOrder(api, first.body.id, 1);
    expect(await ordersOf(api, 'c-idem')).toHaveLength(1);
  });

  it('concurrent duplicates run once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api
          .http()
          .post('/orders')
          .set('Idempotency-Key', 'create-burst')
          .send({ customerId: 'c-burst' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    await readOrder(api, responses[0]!.body.id, 1);
    expect(await ordersOf(api, 'c-burst')).toHaveLength(1);
  });

  it('a retried add-item (with If-Match) replays 200 instead of conflicting, and adds once', async () => {
    const { id } = await createOrder(api, 'c-idem-item');
    const send = () =>
      api
        .http()
        .post(`/orders/${id}/items`)
        .set('Idempotency-Key', 'item-1')
        .set('If-Match', '"1"')
        .send({ productId: 'sku-1', quantity: 2, unitPrice: 3 });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await readOrder(api, id, 2)).toMatchObject({ version: 2, itemCount: 2 });
  });

  it('the same key with another body → 422 IDEMPOTENCY_KEY_REUSED, and nothing changes', async () => {
    const first = await api
      .http()
      .post('/orders')
      .set('Idempotency-Key', 'create-2')
      .send({ customerId: 'c-reuse-a' });
    expect(first.status).toBe(201);
    const reused = await api
      .http()
      .post('/orders')
      .set('Idempotency-Key', 'create-2')
      .send({ customerId: 'c-reuse-b' });
    expect(reused.status).toBe(422);
    expect(problemOf(reused)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(problemOf(reused).detail).not.toContain('POST /orders');
    await readOrder(api, first.body.id, 1);
    expect(await ordersOf(api, 'c-reuse-b')).toHaveLength(0);
  });

  it('the same key on another order or route is another request', async () => {
    const a = await createOrder(api);
    const b = await createOrder(api);
    const item = { productId: 'sku', quantity: 1, unitPrice: 1 };
    const onA = await api
      .http()
      .post(`/orders/${a.id}/items`)
      .set('Idempotency-Key', 'k')
      .send(item);
    expect(onA.status).toBe(200);
    const onB = await api
      .http()
      .post(`/orders/${b.id}/items`)
      .set('Idempotency-Key', 'k')
      .send(item);
    expect(onB.status).toBe(422);
    expect(problemOf(onB).code).toBe('IDEMPOTENCY_KEY_REUSED');
    const cancelA = await api.http().post(`/orders/${a.id}/cancel`).set('Idempotency-Key', 'k');
    expect(cancelA.status).toBe(200);
    expect(cancelA.body).toEqual({ id: a.id, version: 3 });
  });

  it('a failed request does not burn its key: the retry runs again', async () => {
    const { id } = await createOrder(api);
    const confirm = () =>
      api.http().post(`/orders/${id}/confirm`).set('Idempotency-Key', 'confirm-1');
    const refused = await confirm();
    expect(refused.status).toBe(422);
    await addItem(api, id, { productId: 'p', quantity: 1, unitPrice: 1 });
    const accepted = await confirm();
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ id, version: 3 });
  });
});
