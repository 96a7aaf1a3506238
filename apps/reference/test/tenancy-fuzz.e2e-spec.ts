import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { uniqueBrokerTopology } from './support/broker-topology.js';
import { startApp, type E2eApp } from './support/e2e-app.js';

const TENANTS = ['acme', 'globex', 'initech'] as const;
type TenantId = (typeof TENANTS)[number];
const OPERATIONS = 300;
const CONCURRENCY = 8;
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);

type Agent = Awaited<ReturnType<E2eApp['as']>>;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with FUZZ_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cross-tenant fuzz: three tenants send a few hundred random commands and queries, interleaved
 * and concurrent, over REST and GraphQL — including reads and writes aimed at other tenants'
 * orders. Every response, list, read-model document, stored event and message consumed from
 * RabbitMQ must belong to the caller's tenant; other tenants' ids answer 404 (never 403).
 */
describe('cross-tenant fuzz over REST and GraphQL (e2e)', () => {
  let api: E2eApp;
  const agents = new Map<TenantId, Agent>();
  const owner = new Map<string, TenantId>();
  const seen: { tenant: TenantId; ids: string[] }[] = [];
  let confirmations = 0;
  const next = random(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];

  const broker = uniqueBrokerTopology('fuzz');

  beforeAll(async () => {
    api = await startApp({
      TENANTS: TENANTS.join(','),
      ...broker.env,
    });
    for (const tenant of TENANTS) {
      agents.set(
        tenant,
        await api.as({
          sub: `fuzz-${tenant}`,
          tenant,
          roles: ['order:reader', 'order:writer', 'order:approver'],
        }),
      );
    }
  });

  afterAll(async () => {
    await api?.close();
    await broker.remove();
  });

  const own = (tenant: TenantId) => [...owner].filter(([, t]) => t === tenant).map(([id]) => id);
  const foreign = (tenant: TenantId) =>
    [...owner].filter(([, t]) => t !== tenant).map(([id]) => id);

  async function gql(tenant: TenantId, query: string, variables: object) {
    const response = await agents.get(tenant)!.post('/graphql').send({ query, variables });
    expect(response.status).toBe(200);
    return response.body as {
      data?: Record<string, unknown> | null;
      errors?: { extensions: { code: string } }[];
    };
  }

  /** One random operation as `tenant`, with its own assertions. */
  async function operate(tenant: TenantId): Promise<void> {
    const http = agents.get(tenant)!;
    const graphql = next() < 0.5;
    const roll = next();
    const mine = own(tenant);
    const theirs = foreign(tenant);
    if (roll < 0.2 || mine.length === 0) {
      const customerId = `${tenant}-customer-${Math.floor(next() * 1000)}`;
      const id = graphql
        ? (
            (
              await gql(tenant, 'mutation($c: String!) { createOrder(customerId: $c) { id } }', {
                c: customerId,
              })
            ).data!.createOrder as { id: string }
          ).id
        : ((await http.post('/orders').send({ customerId }).expect(201)).body as { id: string }).id;
      owner.set(id, tenant);
    } else if (roll < 0.4 && theirs.length > 0) {
      // Aimed at another tenant's order: a write or a read, each must answer "not found".
      const target = pick(theirs);
      if (graphql) {
        const write = await gql(
          tenant,
          'mutation($id: ID!) { confirmOrder(orderId: $id) { id } }',
          { id: target },
        );
        expect(write.errors?.[0].extensions.code).toBe('NOT_FOUND');
        const read = await gql(tenant, 'query($id: ID!) { order(id: $id) { id } }', { id: target });
        expect(read.data?.order ?? null).toBeNull();
      } else {
        const write = await http
          .post(`/orders/${target}/items`)
          .send({ productId: 'p', quantity: 1, unitPrice: 1 });
        expect(write.status).toBe(404);
        expect((await http.get(`/orders/${target}`)).status).toBe(404);
      }
    } else if (roll < 0.65) {
      const target = pick(mine);
      const item = {
        productId: `p-${Math.floor(next() * 5)}`,
        quantity: 1 + Math.floor(next() * 3),
        unitPrice: 2.5,
      };
      if (graphql) {
        const result = await gql(
          tenant,
          'mutation($o: ID!, $p: String!, $q: Int!, $u: Float!) { addOrderItem(orderId: $o, productId: $p, quantity: $q, unitPrice: $u) { id } }',
          { o: target, p: item.productId, q: item.quantity, u: item.unitPrice },
        );
        expect(result.errors?.[0].extensions.code ?? 'OK').toMatch(
          /^(OK|CONFLICT|DOMAIN_RULE_VIOLATION)$/,
        );
      } else {
        const result = await http.post(`/orders/${target}/items`).send(item);
        expect([200, 409, 422]).toContain(result.status);
      }
    } else if (roll < 0.75) {
      const result = await http.post(`/orders/${pick(mine)}/confirm`);
      expect([200, 409, 422]).toContain(result.status);
      if (result.status === 200) confirmations += 1;
    } else {
      const ids = graphql
        ? (
            (await gql(tenant, '{ orders(first: 100) { items { id } } }', {})).data!.orders as {
              items: { id: string }[];
            }
          ).items.map((o) => o.id)
        : (
            (await http.get('/orders').query({ limit: 100 }).expect(200)).body as {
              items: { id: string }[];
            }
          ).items.map((o) => o.id);
      seen.push({ tenant, ids });
    }
  }

  it(`${OPERATIONS} interleaved operations of ${TENANTS.length} tenants never cross tenants (seed ${SEED})`, async () => {
    let remaining = OPERATIONS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining > 0) {
          remaining -= 1;
          await operate(pick(TENANTS));
        }
      }),
    );

    // Every list any tenant ever received held only its own orders.
    for (const { tenant, ids } of seen) {
      for (const id of ids) expect(`${id}:${owner.get(id)}`).toBe(`${id}:${tenant}`);
    }
    // Once the read model caught up, each tenant lists exactly its own orders.
    for (const tenant of TENANTS) {
      const expected = own(tenant).sort();
      const listed = await pollUntil(
        async () =>
          (
            (await agents.get(tenant)!.get('/orders').query({ limit: 100 })).body as {
              items: { id: string }[];
            }
          ).items
            .map((o) => o.id)
            .sort(),
        (ids) => ids.length === expected.length,
        15_000,
      );
      expect(listed).toEqual(expected);
    }
    // Stored events, read-model documents and consumed messages carry their order's tenant.
    const em = api.app.get(MikroORM).em.fork() as unknown as EntityManager;
    const events = await em.execute<{ stream_id: string; tenant_id: string; meta: string }[]>(
      `SELECT stream_id, tenant_id, metadata->>'tenantId' AS meta FROM cqrs_messages WHERE stream_type = 'Order'`,
    );
    expect(events.length).toBeGreaterThan(owner.size);
    for (const row of events) {
      expect(`${row.stream_id}:${row.tenant_id}:${row.meta}`).toBe(
        `${row.stream_id}:${owner.get(row.stream_id)}:${owner.get(row.stream_id)}`,
      );
    }
    const documents = await em.execute<{ id: string; tenant_id: string }[]>(
      `SELECT id, tenant_id FROM read_model_documents WHERE document IS NOT NULL`,
    );
    expect(documents.length).toBe(owner.size);
    for (const row of documents)
      expect(`${row.id}:${row.tenant_id}`).toBe(`${row.id}:${owner.get(row.id)}`);
    const notifications = await pollUntil(
      () =>
        em.execute<{ order_id: string; tenant_id: string }[]>(
          'SELECT order_id, tenant_id FROM order_notifications',
        ),
      (rows) => rows.length >= confirmations,
      15_000,
    );
    expect(notifications.length).toBe(confirmations);
    for (const row of notifications) {
      expect(`${row.order_id}:${row.tenant_id}`).toBe(`${row.order_id}:${owner.get(row.order_id)}`);
    }
  });
});
