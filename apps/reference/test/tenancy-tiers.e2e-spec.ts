import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StorageTargets } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { TenantRegistry } from '@cqrs-ddd/multitenancy';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { uniqueBrokerTopology } from './support/broker-topology.js';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { problemOf, type WriteResult } from './support/orders-api.js';

const ROLES = ['order:reader', 'order:writer', 'order:approver'];

type Agent = Awaited<ReturnType<E2eApp['as']>>;

interface OrderBody {
  readonly id: string;
  readonly customerId: string;
  readonly status: string;
  readonly total: number;
  readonly itemCount: number;
  readonly version: number;
}

/** One row of a table of the suite, as the login role sees it (no row-level security). */
interface TenantRow {
  readonly id: string;
  readonly tenant_id: string | null;
}

/**
 * The three storage tiers side by side in one app (`TENANTS=<a>,<b>:schema,<c>:database`): a
 * tenant on the shared tables (row-level security), one with a schema of its own, one with a
 * database of its own, provisioned at start-up. Each is served over REST and GraphQL from its own
 * tier — events, read models and notifications — and none reaches another's orders.
 */
describe('storage tiers: shared, schema and database tenants (e2e)', () => {
  const suffix = randomBytes(4).toString('hex');
  const shared = `shared-${suffix}`;
  const schemaTenant = `schema-${suffix}`;
  const databaseTenant = `db-${suffix}`;
  const tenants = [shared, schemaTenant, databaseTenant];
  const tenantSchema = `tenant_schema_${suffix}`;
  const tenantDatabase = `tenant_db_${suffix}`;
  let api: E2eApp;
  const agents = new Map<string, Agent>();
  /** The orders each tenant created (REST first, GraphQL second), and the confirmed one. */
  const orders = new Map<string, { ids: string[]; confirmed: string }>();

  const broker = uniqueBrokerTopology('tiers');

  beforeAll(async () => {
    api = await startApp({
      TENANTS: `${shared},${schemaTenant}:schema,${databaseTenant}:database`,
      ...broker.env,
    });
    for (const tenant of tenants) {
      agents.set(tenant, await api.as({ sub: `user-${tenant}`, tenant, roles: ROLES }));
    }
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    // The file's database (the tenant schema included) is dropped after it; the tenant database
    // is not: drop both here.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${tenantSchema}" CASCADE`);
      await client.query(`DROP DATABASE IF EXISTS "${tenantDatabase}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await broker.remove();
  });

  const agent = (tenant: string) => agents.get(tenant)!;

  async function gql(tenant: string, query: string, variables: object = {}) {
    const response = await agent(tenant).post('/graphql').send({ query, variables });
    expect(response.status).toBe(200);
    return response.body as {
      data?: Record<string, unknown> | null;
      errors?: { extensions: { code: string } }[];
    };
  }

  /** The app's database as the login role (sees every row, RLS does not apply to the owner). */
  const appEm = () => api.app.get(MikroORM).em.fork() as unknown as EntityManager;

  /** The tenant database, as the login role. */
  async function tenantDatabaseEm(): Promise<EntityManager> {
    const target = await api.app.get(StorageTargets).prepare(databaseTenant);
    return (target.connection as MikroORM).em.fork() as unknown as EntityManager;
  }

  /** `id@tenant` of every row of `table` (schema-qualified), sorted. */
  async function rowsOf(em: EntityManager, table: string, id = 'stream_id'): Promise<string[]> {
    const rows = await em.execute<TenantRow[]>(
      `SELECT DISTINCT ${id} AS id, tenant_id FROM ${table} ORDER BY 1, 2`,
    );
    return rows.map((row) => `${row.id}@${row.tenant_id}`);
  }

  const expectedRows = (tenant: string) =>
    orders
      .get(tenant)!
      .ids.map((id) => `${id}@${tenant}`)
      .sort();

  it('provisions the schema and the database tenant at start-up, next to the shared one', async () => {
    const registry = api.app.get(TenantRegistry);
    expect(await registry.find(shared)).toMatchObject({ isolation: 'shared' });
    expect(await registry.find(schemaTenant)).toMatchObject({
      isolation: 'schema',
      schema: tenantSchema,
    });
    expect((await registry.find(databaseTenant))?.databaseUrl).toContain(`/${tenantDatabase}`);
    const [found] = await appEm().execute<{ schemas: number; databases: number }[]>(
      `SELECT (SELECT count(*)::int FROM pg_namespace WHERE nspname = ?) AS schemas,
              (SELECT count(*)::int FROM pg_database WHERE datname = ?) AS databases`,
      [tenantSchema, tenantDatabase],
    );
    expect(found).toEqual({ schemas: 1, databases: 1 });
  });

  it('creates, changes, confirms and reads back orders in every tier over REST and GraphQL', async () => {
    for (const tenant of tenants) {
      const http = agent(tenant);
      const created = await http.post('/orders').send({ customerId: `${tenant}-rest` });
      expect(created.status).toBe(201);
      const { id } = created.body as WriteResult;
      const item = { productId: 'p-1', quantity: 2, unitPrice: 5 };
      expect((await http.post(`/orders/${id}/items`).send(item)).status).toBe(200);
      const confirmed = await http.post(`/orders/${id}/confirm`);
      expect(confirmed.status).toBe(200);
      const { version } = confirmed.body as WriteResult;

      const viaGraphql = await gql(
        tenant,
        'mutation($c: String!) { createOrder(customerId: $c) { id version } }',
        { c: `${tenant}-graphql` },
      );
      const gqlId = (viaGraphql.data!.createOrder as WriteResult).id;
      const added = await gql(
        tenant,
        'mutation($o: ID!) { addOrderItem(orderId: $o, productId: "p-2", quantity: 3, unitPrice: 1.5) { id version } }',
        { o: gqlId },
      );
      expect(added.data!.addOrderItem).toEqual({ id: gqlId, version: 2 });
      orders.set(tenant, { ids: [id, gqlId], confirmed: id });

      const read = await http.get(`/orders/${id}`).query({ minVersion: version });
      expect(read.status).toBe(200);
      expect(read.body as OrderBody).toMatchObject({
        id,
        customerId: `${tenant}-rest`,
        status: 'confirmed',
        total: 10,
        itemCount: 2,
        version,
      });
      const gqlRead = await gql(
        tenant,
        'query($id: ID!) { order(id: $id, minVersion: 2) { id customerId status total itemCount version } }',
        { id: gqlId },
      );
      expect(gqlRead.data!.order).toEqual({
        id: gqlId,
        customerId: `${tenant}-graphql`,
        status: 'pending',
        total: 4.5,
        itemCount: 3,
        version: 2,
      });
    }

    for (const tenant of tenants) {
      const own = [...orders.get(tenant)!.ids].sort();
      const listed = await pollUntil(
        async () =>
          (
            (await agent(tenant).get('/orders').query({ limit: 100 })).body as {
              items: OrderBody[];
            }
          ).items,
        (items) => items.length >= own.length,
        15_000,
      );
      expect(listed.map((order) => order.id).sort()).toEqual(own);
      expect(listed.every((order) => order.customerId.startsWith(tenant))).toBe(true);
      const gqlList = await gql(tenant, '{ orders(first: 100) { items { id } } }');
      const gqlIds = (gqlList.data!.orders as { items: { id: string }[] }).items.map((o) => o.id);
      expect(gqlIds.sort()).toEqual(own);
    }
  }, 60_000);

  it("answers 404 for another tier's orders, over REST and GraphQL, reads and writes", async () => {
    for (const reader of tenants) {
      for (const owner of tenants.filter((tenant) => tenant !== reader)) {
        const id = orders.get(owner)!.confirmed;
        const read = await agent(reader).get(`/orders/${id}`);
        expect(`${reader}→${owner}: ${read.status}`).toBe(`${reader}→${owner}: 404`);
        expect(problemOf(read).code).toBe('NOT_FOUND');
        const write = await agent(reader).post(`/orders/${id}/cancel`);
        expect(`${reader}→${owner}: ${write.status}`).toBe(`${reader}→${owner}: 404`);
        const gqlRead = await gql(reader, 'query($id: ID!) { order(id: $id) { id } }', { id });
        expect(gqlRead.data?.order ?? null).toBeNull();
        const gqlWrite = await gql(
          reader,
          'mutation($id: ID!) { cancelOrder(orderId: $id) { id } }',
          { id },
        );
        expect(gqlWrite.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      }
    }
  }, 60_000);

  it("keeps each tenant's events and read models in its own tier only (direct SQL)", async () => {
    const app = appEm();
    const tenantDb = await tenantDatabaseEm();
    const schema = `"${tenantSchema}"`;
    expect(await rowsOf(app, 'public.cqrs_messages')).toEqual(expectedRows(shared));
    expect(await rowsOf(app, `${schema}.cqrs_messages`)).toEqual(expectedRows(schemaTenant));
    expect(await rowsOf(tenantDb, 'public.cqrs_messages')).toEqual(expectedRows(databaseTenant));

    // Tenant sessions (the `cqrs_tenant` role, as commands and queries run): row-level security
    // on the shared tables, privileges on the schema tenant's schema.
    const streamsAs = async (tenant: string, table: string) => {
      const session = { role: 'cqrs_tenant', variables: { 'app.tenant_id': tenant } };
      const [row] = await appEm()
        .fork({ session })
        .transactional((em) =>
          em.execute<{ n: number }[]>(`SELECT count(DISTINCT stream_id)::int AS n FROM ${table}`),
        );
      return row!.n;
    };
    expect(await streamsAs(shared, 'public.cqrs_messages')).toBe(2);
    expect(await streamsAs(schemaTenant, 'public.cqrs_messages')).toBe(0);
    expect(await streamsAs(schemaTenant, `${schema}.cqrs_messages`)).toBe(2);

    const documents = 'read_model_documents WHERE document IS NOT NULL';
    expect(await rowsOf(app, `public.${documents}`, 'id')).toEqual(expectedRows(shared));
    expect(await rowsOf(app, `${schema}.${documents}`, 'id')).toEqual(expectedRows(schemaTenant));
    expect(await rowsOf(tenantDb, `public.${documents}`, 'id')).toEqual(
      expectedRows(databaseTenant),
    );
  });

  it("delivers each tier's integration events to the consumer, in the right tenant and tier", async () => {
    for (const tenant of tenants) {
      const id = orders.get(tenant)!.confirmed;
      const notifications = await pollUntil(
        async () =>
          (await agent(tenant).get(`/orders/${id}/notifications`)).body as { kind: string }[],
        (list) => Array.isArray(list) && list.length >= 1,
        20_000,
      );
      expect(`${tenant}: ${JSON.stringify(notifications.map((n) => n.kind))}`).toBe(
        `${tenant}: ["order.confirmed"]`,
      );
    }
    const confirmedRow = (tenant: string) => [`${orders.get(tenant)!.confirmed}@${tenant}`];
    const table = 'order_notifications';
    expect(await rowsOf(appEm(), `public.${table}`, 'order_id')).toEqual(confirmedRow(shared));
    expect(await rowsOf(appEm(), `"${tenantSchema}".${table}`, 'order_id')).toEqual(
      confirmedRow(schemaTenant),
    );
    expect(await rowsOf(await tenantDatabaseEm(), `public.${table}`, 'order_id')).toEqual(
      confirmedRow(databaseTenant),
    );
  }, 60_000);
});
