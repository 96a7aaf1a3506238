import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditStore } from '@cqrs-ddd/audit';
import type { AuditEntry } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import pg from 'pg';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { problemOf } from './support/orders-api.js';

type Agent = Awaited<ReturnType<E2eApp['as']>>;
type Listed = Omit<AuditEntry, 'occurredAt'> & { occurredAt: string };

const USER_AGENT = 'audit-e2e/1.0';

/**
 * The compliance trail of the reference app: every order command is recorded with who, what,
 * which order, how it ended and from where — successes, domain failures and access-control
 * denials alike — and `GET /audit` serves the caller tenant's trail to `audit:reader`s only,
 * as JSON pages, JSON Lines or CSV. The trail is append-only for the app's database role and
 * tamper-evident: an edit made behind the app's back is found by `verify` at its position.
 */
describe('audit trail (e2e)', () => {
  let api: E2eApp;
  let writer: Agent;
  let auditor: Agent;
  let orderId: string;
  let emptyOrderId: string;

  const trail = async (agent: Agent, query: Record<string, string> = {}) => {
    const response = await agent.get('/audit').query({ limit: '200', ...query });
    expect(response.status).toBe(200);
    return (response.body as { items: Listed[] }).items;
  };

  beforeAll(async () => {
    api = await startApp({ ORDER_FULFILMENT: 'on' });
    writer = await api.as({ sub: 'walt', tenant: 'acme', roles: ['order:writer'] });
    auditor = await api.as({ sub: 'alice', tenant: 'acme', roles: ['audit:reader'] });
    const approver = await api.as({ sub: 'anna', tenant: 'acme', roles: ['order:approver'] });
    const reader = await api.as({ sub: 'rita', tenant: 'acme', roles: ['order:reader'] });

    const created = await writer
      .post('/orders')
      .set('User-Agent', USER_AGENT)
      .send({ customerId: 'c-audit' });
    expect(created.status).toBe(201);
    orderId = (created.body as { id: string }).id;
    const added = await writer
      .post(`/orders/${orderId}/items`)
      .send({ productId: 'p-1', quantity: 2, unitPrice: 5 });
    expect(added.status).toBe(200);
    expect((await reader.post(`/orders/${orderId}/confirm`)).status).toBe(403);
    expect((await approver.post(`/orders/${orderId}/confirm`)).status).toBe(200);
    // The fulfilment saga then ships the order; its commands are audited as its own principal.
    const shipped = await pollUntil(
      () => trail(auditor, { resourceId: orderId, action: 'order:ship' }),
      (entries) => entries.length > 0,
      20_000,
    );
    expect(shipped).toHaveLength(1);

    emptyOrderId = (
      (await writer.post('/orders').send({ customerId: 'c-audit' })).body as {
        id: string;
      }
    ).id;
    expect((await approver.post(`/orders/${emptyOrderId}/confirm`)).status).toBe(422);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('records every order command with its outcome, actor, resource and origin', async () => {
    const entries = await trail(auditor, { resourceId: orderId });
    const summary = entries
      .map(({ action, outcome, actor }) => `${action} ${outcome} ${actor?.id}`)
      .reverse();
    expect(summary).toEqual([
      'order:create success walt',
      'order:add-item success walt',
      'order:confirm denied rita',
      'order:confirm success anna',
      'stock:reserve success saga:order-fulfilment',
      'payment:capture success saga:order-fulfilment',
      'order:ship success saga:order-fulfilment',
    ]);
    const [created] = entries.slice(-1);
    expect(created).toMatchObject({
      tenantId: 'acme',
      actor: { id: 'walt', authMethod: 'jwt' },
      resource: { type: 'Order', id: orderId },
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: USER_AGENT,
      correlationId: expect.any(String),
      details: { customerId: 'c-audit' },
    });
    const denied = entries.find((entry) => entry.outcome === 'denied');
    expect(denied?.reason).toContain('order:confirm');
  });

  it('records failed commands with their error code', async () => {
    const [failed] = await trail(auditor, { resourceId: emptyOrderId, outcome: 'failed' });
    expect(failed).toMatchObject({
      action: 'order:confirm',
      outcome: 'failed',
      errorCode: 'DOMAIN_RULE_VIOLATION',
      actor: { id: 'anna' },
    });
  });

  it('serves the trail to audit readers of the same tenant only', async () => {
    expect((await writer.get('/audit')).status).toBe(403);
    expect((await api.anonymous().get('/audit')).status).toBe(401);
    const otherTenant = await api.as({ sub: 'gus', tenant: 'globex', roles: ['audit:reader'] });
    const theirs = await trail(otherTenant);
    expect(theirs.filter((entry) => entry.tenantId !== 'globex')).toEqual([]);
    expect(theirs.some((entry) => entry.resource?.id === orderId)).toBe(false);
    const bad = await auditor.get('/audit').query({ outcome: 'maybe', limit: '0' });
    expect(bad.status).toBe(400);
    expect(problemOf(bad).errors?.map((error) => error.path)).toEqual(
      expect.arrayContaining(['outcome', 'limit']),
    );
  });

  it('exports the trail as JSON Lines and CSV', async () => {
    const lines = await auditor.get('/audit').query({ resourceId: orderId, format: 'jsonl' });
    expect(lines.status).toBe(200);
    expect(lines.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const parsed = lines.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Listed);
    expect(parsed.map((entry) => entry.action).reverse()).toEqual([
      'order:create',
      'order:add-item',
      'order:confirm',
      'order:confirm',
      'stock:reserve',
      'payment:capture',
      'order:ship',
    ]);
    const csv = await auditor.get('/audit').query({ resourceId: orderId, format: 'csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header).toContain('actorId');
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.includes(orderId))).toBe(true);
  });

  it('is append-only for the app role and tamper-evident for anyone else', async () => {
    const store = api.app.get(AuditStore, { strict: false });
    const before = await store.verify('acme');
    expect(before).toMatchObject({ valid: true });
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const [created] = (await trail(auditor, { resourceId: orderId })).slice(-1);
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE cqrs_tenant');
      await expect(
        client.query("UPDATE audit_log SET outcome = 'denied' WHERE id = $1", [created!.id]),
      ).rejects.toThrow(/permission denied/);
      await client.query('ROLLBACK');
      await expect(
        client.query("UPDATE audit_log SET outcome = 'denied' WHERE id = $1", [created!.id]),
      ).rejects.toThrow(/append-only/);

      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      const { rows } = await client.query<{ sequence: string }>(
        "UPDATE audit_log SET actor_id = 'mallory' WHERE id = $1 RETURNING sequence",
        [created!.id],
      );
      await client.query('COMMIT');
      const after = await store.verify('acme');
      expect(after).toMatchObject({
        valid: false,
        sequence: Number(rows[0]!.sequence),
        entryId: created!.id,
        problem: 'hash-mismatch',
      });
    } finally {
      await client.end();
    }
  });
});
