import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProjectionsService } from '@cqrs-ddd/projections';
import { describeMongoTarget } from '@cqrs-ddd/projections/testing';
import { OrderSummaryProjection } from '../src/orders/read-model/order-summary.projection.js';
import { mongoUrlWithDatabase, startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder, problemOf, readOrder } from './support/orders-api.js';

interface Listed {
  readonly id: string;
  readonly total: number;
  readonly status: string;
}

/**
 * The same reads with the read models in PostgreSQL (the default) and in MongoDB. Both apps
 * share the test file's event log, so each uses customers of its own.
 */
const readStores: [string, NodeJS.ProcessEnv][] = [
  ['PostgreSQL', {}],
  [
    `MongoDB, ${describeMongoTarget()}`,
    {
      READ_MODEL_STORE: 'mongo',
      MONGO_URL: mongoUrlWithDatabase(`orders_e2e_${randomBytes(4).toString('hex')}`),
    },
  ],
];

describe.each(readStores)(
  'REST reads on %s: pagination and read-your-writes (e2e)',
  (store, env) => {
    let api: E2eApp;
    const customer = `c-page-${store.startsWith('Mongo') ? 'mongo' : 'pg'}`;
    /** Orders of `customer`, by total: 1, 2, ..., 7; even totals confirmed. */
    const created: { id: string; total: number }[] = [];

    beforeAll(async () => {
      api = await startApp(env);
      for (let total = 1; total <= 7; total += 1) {
        const { id } = await createOrder(api, customer);
        let { version } = await addItem(api, id, { productId: 'p', quantity: total, unitPrice: 1 });
        if (total % 2 === 0) {
          const confirmed = await api.http().post(`/orders/${id}/confirm`);
          version = confirmed.body.version;
        }
        await readOrder(api, id, version);
        created.push({ id, total });
      }
    });

    afterAll(async () => {
      await api.close();
    });

    async function listAll(query: Record<string, string>): Promise<Listed[][]> {
      const pages: Listed[][] = [];
      let cursor: string | undefined;
      do {
        const response = await api
          .http()
          .get('/orders')
          .query({ ...query, ...(cursor ? { cursor } : {}) });
        expect(response.status).toBe(200);
        pages.push(response.body.items);
        cursor = response.body.nextCursor ?? undefined;
        if (!cursor) expect(response.body.nextCursor).toBeNull();
      } while (cursor);
      return pages;
    }

    it('pages through a filtered, sorted list with opaque cursors', async () => {
      const pages = await listAll({
        filter: `customerId:eq:${customer}`,
        sort: '-total',
        limit: '3',
      });
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat().map((order) => order.total)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect(pages.flat()[0]).toMatchObject({ id: created[6]!.id, status: 'pending' });
    });

    it('combines filter terms and repeated filter parameters', async () => {
      const confirmed = await listAll({
        filter: `customerId:eq:${customer},status:eq:confirmed`,
        sort: 'total',
        limit: '2',
      });
      expect(confirmed.flat().map((order) => order.total)).toEqual([2, 4, 6]);
      const response = await api
        .http()
        .get(`/orders?filter=customerId:eq:${customer}&filter=total:between:3|5&sort=total`);
      expect(response.status).toBe(200);
      expect(response.body.items.map((order: Listed) => order.total)).toEqual([3, 4, 5]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('400 for bad list parameters, naming each', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ filter: 'colour:eq:red' }, 'filter'],
        [{ sort: 'colour' }, 'sort'],
        [{ limit: '0' }, 'limit'],
        [{ limit: 'ten' }, 'limit'],
        [{ cursor: 'garbage!' }, 'cursor'],
        [{ page: '2' }, 'page'],
      ];
      for (const [query, path] of cases) {
        const response = await api.http().get('/orders').query(query);
        expect(response.status).toBe(400);
        const problem = problemOf(response);
        expect(problem.code).toBe('VALIDATION_FAILED');
        expect(problem.errors!.map((e) => e.path.split('.')[0])).toContain(path);
      }
    });

    it('400 for a cursor taken from another query', async () => {
      const first = await api
        .http()
        .get('/orders')
        .query({ filter: `customerId:eq:${customer}`, sort: 'total', limit: '2' });
      const replayed = await api
        .http()
        .get('/orders')
        .query({
          filter: `customerId:eq:${customer}`,
          sort: '-total',
          cursor: first.body.nextCursor,
        });
      expect(replayed.status).toBe(400);
      expect(problemOf(replayed).errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    });

    it('minVersion and X-Min-Version read your own writes', async () => {
      const { id } = await createOrder(api, 'c-ryw');
      expect(await readOrder(api, id, 1)).toMatchObject({ id, version: 1, items: [] });
      const { version } = await addItem(api, id, { productId: 'sku', quantity: 4, unitPrice: 2.5 });
      const read = await api.http().get(`/orders/${id}`).set('X-Min-Version', String(version));
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe(`"${version}"`);
      expect(read.body).toMatchObject({ version, itemCount: 4, total: 10 });
    });

    it('503 READ_MODEL_LAGGING with Retry-After when the version is not reached', async () => {
      // With the projection stopped nothing can advance, so the read gives up at once instead of
      // waiting out its bound.
      const projection = api.app.get(ProjectionsService).runtime(OrderSummaryProjection);
      await projection.stop();
      try {
        const response = await api
          .http()
          .get(`/orders/${created[0]!.id}`)
          .query({ minVersion: 99 });
        expect(response.status).toBe(503);
        expect(response.headers['retry-after']).toBe('1');
        expect(problemOf(response)).toMatchObject({
          code: 'READ_MODEL_LAGGING',
          resourceType: 'Order',
          resourceId: created[0]!.id,
          minVersion: 99,
        });
      } finally {
        await projection.start();
      }
    });

    it('400 for a bad minVersion', async () => {
      for (const minVersion of ['0', 'x', '1.5']) {
        const response = await api.http().get(`/orders/${created[0]!.id}`).query({ minVersion });
        expect(response.status).toBe(400);
        expect(problemOf(response).errors!.map((e) => e.path)).toContain('minVersion');
      }
    });
  },
);
