import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantRegistry } from '@cqrs-ddd/multitenancy';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { problemOf } from './support/orders-api.js';

const ROLES = ['order:reader', 'order:writer', 'order:approver'];

/**
 * The app is multi-tenant: the tenant comes from the token's `tenant` claim; an `X-Tenant-Id`
 * header is only honoured when it agrees with the token or for platform administrators;
 * another tenant's orders do not exist for the caller (404 over REST and GraphQL).
 */
describe('tenancy (e2e)', () => {
  let api: E2eApp;

  beforeAll(async () => {
    api = await startApp({ TENANTS: 'acme,globex,dormant' });
  });

  afterAll(async () => {
    await api?.close();
  });

  const user = (tenant: string | undefined, roles = ROLES) =>
    api.as({ sub: `user-${tenant ?? 'none'}`, tenant, roles });

  async function createIn(tenant: string, customerId: string): Promise<string> {
    const response = await (await user(tenant)).post('/orders').send({ customerId });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  it("keeps each tenant's orders to itself: reads, lists and writes of another tenant's order answer 404", async () => {
    const acmeOrder = await createIn('acme', 'acme-customer');
    const globexOrder = await createIn('globex', 'globex-customer');
    const acme = await user('acme');
    const globex = await user('globex');

    expect((await acme.get(`/orders/${acmeOrder}`).query({ minVersion: 1 })).status).toBe(200);
    const foreign = await acme.get(`/orders/${globexOrder}`);
    expect(foreign.status).toBe(404);
    expect(problemOf(foreign).code).toBe('NOT_FOUND');
    const foreignWrite = await globex
      .post(`/orders/${acmeOrder}/items`)
      .send({ productId: 'p-1', quantity: 1, unitPrice: 2 });
    expect(foreignWrite.status).toBe(404);
    expect((await globex.post(`/orders/${acmeOrder}/cancel`)).status).toBe(404);

    await (await user('globex')).get(`/orders/${globexOrder}`).query({ minVersion: 1 });
    const acmeList = (await acme.get('/orders').query({ limit: 100 })).body as {
      items: { id: string; customerId: string }[];
    };
    expect(acmeList.items.map((order) => order.id)).toContain(acmeOrder);
    expect(acmeList.items.every((order) => order.customerId.startsWith('acme'))).toBe(true);

    const gql = await globex.post('/graphql').send({
      query: 'query($id: ID!) { order(id: $id) { id } }',
      variables: { id: acmeOrder },
    });
    expect(gql.body.data?.order ?? null).toBeNull();
    const gqlWrite = await globex.post('/graphql').send({
      query: 'mutation($id: ID!) { confirmOrder(orderId: $id) { id } }',
      variables: { id: acmeOrder },
    });
    expect(gqlWrite.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses requests without a valid token (401), without a tenant (400), for unknown tenants (403)', async () => {
    const anonymous = await api.anonymous().get('/orders');
    expect(anonymous.status).toBe(401);
    expect(problemOf(anonymous).code).toBe('UNAUTHENTICATED');
    const forged = await api
      .anonymous()
      .get('/orders')
      .set(
        'Authorization',
        `Bearer ${(await api.token({ sub: 'x', tenant: 'acme' })).slice(0, -4)}AAAA`,
      );
    expect(forged.status).toBe(401);

    const noTenant = await (await user(undefined)).get('/orders');
    expect(noTenant.status).toBe(400);
    expect(problemOf(noTenant).code).toBe('TENANT_REQUIRED');

    const unknown = await (await user('nowhere')).post('/orders').send({ customerId: 'c' });
    expect(unknown.status).toBe(403);
    expect(problemOf(unknown).code).toBe('TENANT_NOT_FOUND');

    const gql = await api
      .anonymous()
      .post('/graphql')
      .send({ query: '{ orders { items { id } } }' });
    expect(gql.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a spoofed X-Tenant-Id; honours it when it agrees or for a platform admin', async () => {
    const globexOrder = await createIn('globex', 'globex-spoof');
    const spoofed = await (
      await user('acme')
    )
      .get(`/orders/${globexOrder}`)
      .set('X-Tenant-Id', 'globex');
    expect(spoofed.status).toBe(403);
    expect(problemOf(spoofed).code).toBe('TENANT_MISMATCH');
    const spoofedGql = await (
      await user('acme')
    )
      .post('/graphql')
      .set('X-Tenant-Id', 'globex')
      .send({ query: '{ orders { items { id } } }' });
    expect(spoofedGql.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const agreeing = await (await user('acme')).get('/orders').set('X-Tenant-Id', 'acme');
    expect(agreeing.status).toBe(200);

    const admin = await api.as({ sub: 'ops', roles: ['platform-admin', ...ROLES] });
    const asGlobex = await admin
      .get(`/orders/${globexOrder}`)
      .query({ minVersion: 1 })
      .set('X-Tenant-Id', 'globex');
    expect(asGlobex.status).toBe(200);
    expect(asGlobex.body.id).toBe(globexOrder);
  });

  it('refuses a suspended tenant (403) at once on this instance, and serves it again once reactivated', async () => {
    const registry = api.app.get(TenantRegistry);
    await registry.update('dormant', { status: 'suspended' });
    const suspended = await (await user('dormant')).get('/orders');
    expect(suspended.status).toBe(403);
    expect(problemOf(suspended).code).toBe('TENANT_SUSPENDED');
    await registry.update('dormant', { status: 'active' });
    expect((await (await user('dormant')).get('/orders')).status).toBe(200);
  });
});
