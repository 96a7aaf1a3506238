import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder, problemOf, readOrder } from './support/orders-api.js';

const UNKNOWN_ID = '0190a7b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b';

describe('REST /orders (e2e)', () => {
  let api: E2eApp;

  beforeAll(async () => {
    api = await startApp();
  });

  afterAll(async () => {
    await api.close();
  });

  describe('writes', () => {
    it('POST /orders → 201 { id, version } with Location', async () => {
      const response = await api.http().post('/orders').send({ customerId: 'c-create' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.any(String), version: 1 });
      expect(response.headers.location).toBe(`/orders/${response.body.id}`);
    });

    it('runs an order through its life: add, remove, confirm, read', async () => {
      const { id } = await createOrder(api, 'c-life');
      const add = (productId: string, quantity: number, unitPrice: number) =>
        addItem(api, id, { productId, quantity, unitPrice });
      expect(await add('sku-1', 2, 10.5)).toEqual({ id, version: 2 });
      expect(await add('sku-2', 1, 0.1)).toEqual({ id, version: 3 });
      expect(await add('sku-3', 3, 0.2)).toEqual({ id, version: 4 });

      const removed = await api.http().delete(`/orders/${id}/items/sku-3`);
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ id, version: 5 });

      const confirmed = await api.http().post(`/orders/${id}/confirm`);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toEqual({ id, version: 6 });

      const read = await api.http().get(`/orders/${id}`).query({ minVersion: 6 });
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"6"');
      expect(read.body).toEqual({
        id,
        customerId: 'c-life',
        status: 'confirmed',
        items: [
          { productId: 'sku-1', quantity: 2, unitPrice: 10.5 },
          { productId: 'sku-2', quantity: 1, unitPrice: 0.1 },
        ],
        total: 21.1,
        itemCount: 3,
        version: 6,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      });
    });

    it('POST /orders/:id/cancel → 200 and status cancelled', async () => {
      const { id } = await createOrder(api, 'c-cancel');
      const cancelled = await api.http().post(`/orders/${id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toEqual({ id, version: 2 });
      expect(await readOrder(api, id, 2)).toMatchObject({ status: 'cancelled', version: 2 });
    });

    it('If-Match with the current version succeeds; a stale one → 409 and changes nothing', async () => {
      const { id } = await createOrder(api);
      const ok = await api
        .http()
        .post(`/orders/${id}/items`)
        .set('If-Match', '"1"')
        .send({ productId: 'p', quantity: 1, unitPrice: 1 });
      expect(ok.status).toBe(200);
      expect(ok.body.version).toBe(2);

      for (const request of [
        api.http().post(`/orders/${id}/items`).send({ productId: 'q', quantity: 1, unitPrice: 1 }),
        api.http().delete(`/orders/${id}/items/p`),
        api.http().post(`/orders/${id}/confirm`),
        api.http().post(`/orders/${id}/cancel`),
      ]) {
        const stale = await request.set('If-Match', '"1"');
        expect(stale.status).toBe(409);
        expect(problemOf(stale)).toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          expectedVersion: 1,
          actualVersion: 2,
        });
      }
      expect(await readOrder(api, id, 2)).toMatchObject({ version: 2, itemCount: 1 });
    });

    it('GET answers 304 to If-None-Match with the current ETag', async () => {
      const { id } = await createOrder(api);
      const read = await api.http().get(`/orders/${id}?minVersion=1`);
      const again = await api.http().get(`/orders/${id}`).set('If-None-Match', read.headers.etag!);
      expect(again.status).toBe(304);
      const stale = await api.http().get(`/orders/${id}`).set('If-None-Match', '"0"');
      expect(stale.status).toBe(200);
    });

    it('If-Match with the ETag of a read is accepted as is', async () => {
      const { id } = await createOrder(api);
      const read = await api.http().get(`/orders/${id}?minVersion=1`);
      const confirmEmpty = await api
        .http()
        .post(`/orders/${id}/cancel`)
        .set('If-Match', read.headers.etag!);
      expect(confirmEmpty.status).toBe(200);
    });
  });

  describe('errors', () => {
    it('400 lists every invalid body field, and unknown fields', async () => {
      const { id } = await createOrder(api);
      const response = await api
        .http()
        .post(`/orders/${id}/items`)
        .send({ productId: '', quantity: 1.5, unitPrice: 1.234, colour: 'red' });
      expect(response.status).toBe(400);
      const problem = problemOf(response);
      expect(problem).toMatchObject({
        code: 'VALIDATION_FAILED',
        title: 'Invalid request',
        instance: `/orders/${id}/items`,
        type: 'tag:cqrs-ddd,2026:problem:validation-failed',
      });
      const paths = new Set(problem.errors!.map((e) => e.path));
      expect(paths).toEqual(new Set(['productId', 'quantity', 'unitPrice', 'colour']));
      expect(problem.errors).toContainEqual(
        expect.objectContaining({ path: 'colour', rule: 'unknownField' }),
      );
    });

    it('400 for wrong types: no coercion of strings to numbers', async () => {
      const { id } = await createOrder(api);
      const response = await api
        .http()
        .post(`/orders/${id}/items`)
        .send({ productId: 7, quantity: '2', unitPrice: '1.5' });
      expect(response.status).toBe(400);
      const paths = problemOf(response).errors!.map((e) => e.path);
      expect(new Set(paths)).toEqual(new Set(['productId', 'quantity', 'unitPrice']));
    });

    it('400 for a missing body, an array body and a non-UUID id', async () => {
      const missing = await api.http().post('/orders');
      expect(missing.status).toBe(400);
      expect(problemOf(missing).errors).toContainEqual(
        expect.objectContaining({ path: 'customerId' }),
      );
      const array = await api
        .http()
        .post('/orders')
        .send([{ customerId: 'c' }]);
      expect(array.status).toBe(400);
      expect(problemOf(array).code).toBe('VALIDATION_FAILED');
      const badId = await api.http().get('/orders/not-a-uuid');
      expect(badId.status).toBe(400);
      expect(problemOf(badId).errors).toEqual([expect.objectContaining({ path: 'id' })]);
    });

    it('400 for malformed JSON, never a 500', async () => {
      const response = await api
        .http()
        .post('/orders')
        .set('Content-Type', 'application/json')
        .send('{"customerId": "c",');
      expect(response.status).toBe(400);
      expect(problemOf(response)).toMatchObject({
        code: 'MALFORMED_REQUEST',
        detail: expect.stringContaining('well-formed JSON'),
      });
    });

    it('400 for bad headers: If-Match, X-Min-Version, Idempotency-Key', async () => {
      const { id } = await createOrder(api);
      const ifMatch = await api.http().post(`/orders/${id}/confirm`).set('If-Match', 'W/"1"');
      expect(ifMatch.status).toBe(400);
      expect(problemOf(ifMatch).errors).toEqual([expect.objectContaining({ path: 'If-Match' })]);
      const minVersion = await api.http().get(`/orders/${id}`).set('X-Min-Version', 'soon');
      expect(minVersion.status).toBe(400);
      expect(problemOf(minVersion).errors![0]!.path).toBe('X-Min-Version');
      const key = await api
        .http()
        .post('/orders')
        .set('Idempotency-Key', 'has spaces')
        .send({ customerId: 'c' });
      expect(key.status).toBe(400);
      expect(problemOf(key).errors![0]!.path).toBe('Idempotency-Key');
    });

    it('404 for an unknown order, on reads and writes', async () => {
      const read = await api.http().get(`/orders/${UNKNOWN_ID}`);
      expect(read.status).toBe(404);
      expect(problemOf(read)).toMatchObject({
        code: 'NOT_FOUND',
        resourceType: 'Order',
        resourceId: UNKNOWN_ID,
      });
      const write = await api.http().post(`/orders/${UNKNOWN_ID}/confirm`);
      expect(write.status).toBe(404);
      expect(problemOf(write).code).toBe('NOT_FOUND');
    });

    it('404 problem for an unknown route', async () => {
      const response = await api.http().get('/nowhere');
      expect(response.status).toBe(404);
      expect(problemOf(response)).toMatchObject({ code: 'ROUTE_NOT_FOUND', instance: '/nowhere' });
      const wrongMethod = await api.http().put('/orders');
      expect(wrongMethod.status).toBe(404);
      expect(problemOf(wrongMethod).code).toBe('ROUTE_NOT_FOUND');
    });

    it('422 for domain rule violations, with the rule name', async () => {
      const { id } = await createOrder(api);
      const confirmEmpty = await api.http().post(`/orders/${id}/confirm`);
      expect(confirmEmpty.status).toBe(422);
      expect(problemOf(confirmEmpty)).toMatchObject({
        code: 'DOMAIN_RULE_VIOLATION',
        rule: expect.any(String),
      });

      await addItem(api, id, { productId: 'p', quantity: 1, unitPrice: 1 });
      expect((await api.http().post(`/orders/${id}/cancel`)).status).toBe(200);
      const addToCancelled = await api
        .http()
        .post(`/orders/${id}/items`)
        .send({ productId: 'q', quantity: 1, unitPrice: 1 });
      expect(addToCancelled.status).toBe(422);
      expect(problemOf(addToCancelled).code).toBe('DOMAIN_RULE_VIOLATION');
    });

    it('echoes the correlation id in the problem and the header', async () => {
      const response = await api
        .http()
        .get(`/orders/${UNKNOWN_ID}`)
        .set('X-Correlation-Id', 'e2e-corr-1');
      expect(response.headers['x-correlation-id']).toBe('e2e-corr-1');
      expect(problemOf(response).correlationId).toBe('e2e-corr-1');
    });
  });
});
