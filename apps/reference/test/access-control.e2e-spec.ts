import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { SignJWT } from 'jose';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder, problemOf, readOrder } from './support/orders-api.js';

type Agent = Awaited<ReturnType<E2eApp['as']>>;

/**
 * Authorization as DESIGN.md §6 and the app's README describe it, over REST and GraphQL alike:
 * roles map to permissions (403 without one), the customer-scope ABAC rule narrows what a
 * customer-bound principal reads (pushed down into the read store's query: lists hold only its
 * customer's orders) and changes, and escalation attempts are refused.
 */
describe('access control (e2e)', () => {
  let api: E2eApp;
  let reader: Agent;
  let writer: Agent;
  let approver: Agent;

  beforeAll(async () => {
    api = await startApp();
    reader = await api.as({ sub: 'rita', tenant: 'acme', roles: ['order:reader'] });
    writer = await api.as({ sub: 'walt', tenant: 'acme', roles: ['order:writer'] });
    approver = await api.as({ sub: 'anna', tenant: 'acme', roles: ['order:approver'] });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function graphql(agent: Agent, query: string, variables: Record<string, unknown> = {}) {
    const response = await agent.post('/graphql').send({ query, variables });
    return response.body as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
  }

  async function orderWithItem(customerId: string) {
    const { id } = await createOrder(api, customerId);
    return addItem(api, id, { productId: 'p-1', quantity: 1, unitPrice: 10 });
  }

  describe('roles → permissions (RBAC)', () => {
    it('lets each role do what its permissions allow and answers 403 problem+json otherwise', async () => {
      const refused = await reader.post('/orders').send({ customerId: 'c-rbac' });
      expect(refused.status).toBe(403);
      expect(problemOf(refused)).toMatchObject({ code: 'FORBIDDEN' });
      expect(String(problemOf(refused).detail)).toContain('missing permission order:create');

      const created = await writer.post('/orders').send({ customerId: 'c-rbac' });
      expect(created.status).toBe(201);
      const { id } = created.body as { id: string };
      expect(
        (
          await writer
            .post(`/orders/${id}/items`)
            .send({ productId: 'p', quantity: 1, unitPrice: 3 })
        ).status,
      ).toBe(200);

      const writerConfirms = await writer.post(`/orders/${id}/confirm`);
      expect(writerConfirms.status).toBe(403);
      expect(String(problemOf(writerConfirms).detail)).toContain('order:confirm');
      expect((await approver.post(`/orders/${id}/confirm`)).status).toBe(200);
      expect(await readOrder(api, id, 3)).toMatchObject({ status: 'confirmed' });
      expect((await reader.get(`/orders/${id}`).query({ minVersion: 3 })).status).toBe(200);
    });

    it('refuses the same commands through GraphQL, and the refused change does not happen', async () => {
      const { id, version } = await orderWithItem('c-graphql');
      const confirm = /* GraphQL */ `
        mutation ($id: ID!) {
          confirmOrder(orderId: $id) {
            id
            version
          }
        }
      `;
      for (const agent of [reader, writer]) {
        const body = await graphql(agent, confirm, { id });
        expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const create = await graphql(reader, 'mutation { createOrder(customerId: "c-x") { id } }');
      expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await readOrder(api, id, version)).toMatchObject({ status: 'pending', version });

      const allowed = await graphql(approver, confirm, { id });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data?.confirmOrder).toEqual({ id, version: version + 1 });
    });

    it('gives a token without roles nothing but 403s', async () => {
      const nobody = await api.as({ sub: 'nobody', tenant: 'acme', roles: [] });
      expect((await nobody.get('/orders')).status).toBe(403);
      expect((await nobody.post('/orders').send({ customerId: 'c' })).status).toBe(403);
      const body = await graphql(nobody, '{ orders { items { id } } }');
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('customer scope (ABAC, pushed down into the read query)', () => {
    let scoped: Agent;
    const mine: string[] = [];
    const theirs: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 3; i += 1) mine.push((await orderWithItem('c-scope-mine')).id);
      for (let i = 0; i < 4; i += 1) theirs.push((await orderWithItem('c-scope-theirs')).id);
      // Wait until the read model holds all of them (a reader with no scope sees them all).
      await pollUntil(
        async () =>
          (
            await api
              .http()
              .get('/orders')
              .query({ filter: 'customerId:in:c-scope-mine|c-scope-theirs', limit: 100 })
          ).body as { items: unknown[] },
        (page) => page.items.length === 7,
        10_000,
      );
      scoped = await api.as({
        sub: 'portal-user',
        tenant: 'acme',
        roles: ['order:reader', 'order:writer'],
        attributes: { customerId: 'c-scope-mine' },
      });
    });

    it("lists only the customer's orders, whatever the client's filter, on every page", async () => {
      const all = await scoped.get('/orders').query({ limit: 100 });
      expect(all.status).toBe(200);
      const ids = (all.body as { items: { id: string; customerId: string }[] }).items;
      expect(ids.map((o) => o.customerId)).toEqual(mine.map(() => 'c-scope-mine'));
      expect(ids.map((o) => o.id).sort()).toEqual([...mine].sort());

      const widened = await scoped.get('/orders').query({ filter: 'customerId:eq:c-scope-theirs' });
      expect((widened.body as { items: unknown[] }).items).toEqual([]);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await scoped.get('/orders').query({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.status).toBe(200);
        const body = page.body as { items: { id: string }[]; nextCursor: string | null };
        seen.push(...body.items.map((o) => o.id));
        cursor = body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort()).toEqual([...mine].sort());

      const viaGraphql = await graphql(
        scoped,
        '{ orders(first: 100) { items { id customerId } } }',
      );
      const items = (viaGraphql.data?.orders as { items: { customerId: string }[] }).items;
      expect(items.map((o) => o.customerId)).toEqual(mine.map(() => 'c-scope-mine'));
    });

    it("hides another customer's order (404) and refuses to change it or create for it (403)", async () => {
      const other = theirs[0]!;
      const read = await scoped.get(`/orders/${other}`);
      expect(read.status).toBe(404);
      expect((await scoped.get(`/orders/${mine[0]}`)).status).toBe(200);

      const cancel = await scoped.post(`/orders/${other}/cancel`);
      expect(cancel.status).toBe(403);
      expect(String(problemOf(cancel).detail)).toContain("only touch that customer's orders");
      const create = await scoped.post('/orders').send({ customerId: 'c-scope-theirs' });
      expect(create.status).toBe(403);

      expect((await scoped.post(`/orders/${mine[0]}/cancel`)).status).toBe(200);
      expect((await scoped.post('/orders').send({ customerId: 'c-scope-mine' })).status).toBe(201);
      expect(await readOrder(api, other, 2)).toMatchObject({ status: 'pending' });
    });
  });

  describe('escalation attempts', () => {
    it('refuses a forged roles claim (signed with another key) and an unsigned token with 401', async () => {
      const forged = await new SignJWT({
        tenant: 'acme',
        roles: ['order:approver', 'platform-admin'],
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('a-guessed-secret-that-is-long-enough-32'));
      const withForged = await api
        .anonymous()
        .get('/orders')
        .set('Authorization', `Bearer ${forged}`);
      expect(withForged.status).toBe(401);
      expect(problemOf(withForged).code).toBe('UNAUTHENTICATED');

      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'mallory', tenant: 'acme', roles: ['order:approver'] })}.`;
      const withNone = await api
        .anonymous()
        .post('/orders')
        .set('Authorization', `Bearer ${unsigned}`)
        .send({ customerId: 'c' });
      expect(withNone.status).toBe(401);
      expect(JSON.stringify(withNone.body)).not.toContain(unsigned);
    });

    it('does not let a customer-bound principal escape its scope with a filter or another tenant', async () => {
      const scoped = await api.as({
        sub: 'portal-user-2',
        tenant: 'acme',
        roles: ['order:reader'],
        attributes: { customerId: 'c-nobody' },
      });
      const orFilter = await scoped.get('/orders').query({ filter: 'customerId:ne:c-nobody' });
      expect((orFilter.body as { items: unknown[] }).items).toEqual([]);
      const switched = await scoped.get('/orders').set('X-Tenant-Id', 'globex');
      expect(switched.status).toBe(403);
    });
  });
});
