import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { problemOf } from './support/orders-api.js';

type Agent = Awaited<ReturnType<E2eApp['as']>>;

interface SagaInstanceView {
  readonly sagaId: string;
  readonly status: string;
  readonly reason?: string;
  readonly tenantId?: string;
}

interface SagaView {
  readonly instance: SagaInstanceView;
  readonly commands: readonly { readonly commandType: string; readonly status: string }[];
}

const PAYMENT_TIMEOUT_MS = 3_000;
const SAGA_WAIT_MS = 20_000;

/**
 * The order fulfilment saga: a confirmed order is reserved, paid and shipped through the
 * simulated stock and payment services; a refused reservation, a declined payment or a payment
 * that does not arrive in time compensates in reverse order and cancels the order. Its instances
 * are visible and operable through the access-controlled saga admin API, per tenant.
 */
describe('order fulfilment saga (e2e)', () => {
  let api: E2eApp;
  let writer: Agent;
  let admin: Agent;

  beforeAll(async () => {
    api = await startApp({
      ORDER_FULFILMENT: 'on',
      PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
    });
    const roles = ['order:writer', 'order:approver'];
    writer = await api.as({ sub: 'fulfilment-writer', tenant: 'acme', roles });
    admin = await api.as({ sub: 'ops', tenant: 'acme', roles: [...roles, 'sagas:admin'] });
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Creates and confirms an order of `customerId` with `productId`; resolves its id. */
  async function confirmedOrder(customerId: string, productId = 'widget'): Promise<string> {
    const created = await writer.post('/orders').send({ customerId });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    const item = { productId, quantity: 2, unitPrice: 9.5 };
    expect((await writer.post(`/orders/${id}/items`).send(item)).status).toBe(200);
    expect((await writer.post(`/orders/${id}/confirm`)).status).toBe(200);
    return id;
  }

  /** The saga instance of `orderId` once it reached a terminal state. */
  async function finished(orderId: string): Promise<SagaView> {
    const read = async () => {
      const response = await admin.get(`/sagas/order-fulfilment/${orderId}`);
      return response.status === 200 ? (response.body as SagaView) : undefined;
    };
    const view = await pollUntil(
      read,
      (saga) => ['completed', 'compensated', 'failed'].includes(saga?.instance.status ?? ''),
      SAGA_WAIT_MS,
    );
    expect(view).toBeDefined();
    return view!;
  }

  const commandTypes = (saga: SagaView) => saga.commands.map((command) => command.commandType);

  async function orderStatus(orderId: string, status: string): Promise<string> {
    const read = async () =>
      ((await writer.get(`/orders/${orderId}`)).body as { status?: string }).status;
    return (await pollUntil(read, (value) => value === status, SAGA_WAIT_MS)) ?? 'missing';
  }

  it('reserves stock, captures the payment and ships a confirmed order', async () => {
    const id = await confirmedOrder('c-happy');
    const saga = await finished(id);
    expect(saga.instance.status).toBe('completed');
    expect(saga.instance.tenantId).toBe('acme');
    expect(commandTypes(saga)).toEqual([
      'fulfilment.reserve-stock',
      'fulfilment.capture-payment',
      'fulfilment.ship-order',
    ]);
    expect(saga.commands.every((command) => command.status === 'dispatched')).toBe(true);
    // Shipped: the order can no longer be cancelled.
    const cancel = await writer.post(`/orders/${id}/cancel`);
    expect(cancel.status).toBe(422);
    expect(problemOf(cancel).code).toBe('DOMAIN_RULE_VIOLATION');
  });

  it('cancels the order when the stock cannot be reserved (nothing else to undo)', async () => {
    const id = await confirmedOrder('c-stock', 'out-of-stock-gadget');
    const saga = await finished(id);
    expect(saga.instance.status).toBe('compensated');
    expect(commandTypes(saga)).toEqual(['fulfilment.reserve-stock', 'orders.cancel']);
    expect(await orderStatus(id, 'cancelled')).toBe('cancelled');
  });

  it('compensates in reverse order when the payment is declined', async () => {
    const id = await confirmedOrder('declined-customer');
    const saga = await finished(id);
    expect(saga.instance.status).toBe('compensated');
    expect(commandTypes(saga)).toEqual([
      'fulfilment.reserve-stock',
      'fulfilment.capture-payment',
      'fulfilment.release-stock',
      'orders.cancel',
    ]);
    expect(await orderStatus(id, 'cancelled')).toBe('cancelled');
  });

  it('gives up on a payment that does not arrive in time and compensates', async () => {
    const id = await confirmedOrder('slow-payer-1');
    const saga = await finished(id);
    expect(saga.instance.status).toBe('compensated');
    expect(saga.instance.reason).toMatch(/payment not captured in time/);
    expect(commandTypes(saga)).toEqual([
      'fulfilment.reserve-stock',
      'fulfilment.capture-payment',
      'fulfilment.release-stock',
      'orders.cancel',
    ]);
    expect(await orderStatus(id, 'cancelled')).toBe('cancelled');
  });

  it('lists instances by state for sagas:read, per tenant, and refuses others', async () => {
    const id = await confirmedOrder('c-list');
    await finished(id);
    const listed = await admin
      .get('/sagas')
      .query({ name: 'order-fulfilment', status: 'completed' });
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: SagaInstanceView[] }).items;
    expect(items.map((saga) => saga.sagaId)).toContain(id);
    expect(items.every((saga) => saga.status === 'completed')).toBe(true);

    expect((await writer.get('/sagas')).status).toBe(403);
    expect((await api.anonymous().get('/sagas')).status).toBe(401);
    const otherTenant = await api.as({
      sub: 'ops-globex',
      tenant: 'globex',
      roles: ['sagas:admin'],
    });
    expect((await otherTenant.get(`/sagas/order-fulfilment/${id}`)).status).toBe(404);
    const unknown = await admin.get('/sagas/order-fulfilment/no-such-order');
    expect(unknown.status).toBe(404);
    expect(problemOf(unknown).code).toBe('SAGA_NOT_FOUND');
  });

  it('forces the compensation of a running instance and refuses operations that do not apply', async () => {
    const id = await confirmedOrder('slow-payer-2');
    const waiting = await pollUntil(
      async () => (await admin.get(`/sagas/order-fulfilment/${id}`)).body as SagaView,
      (saga) => saga.instance?.status === 'running' && saga.commands.length === 2,
      SAGA_WAIT_MS,
    );
    expect(waiting.commands.map((command) => command.commandType)).toEqual([
      'fulfilment.reserve-stock',
      'fulfilment.capture-payment',
    ]);

    const blank = await admin
      .post(`/sagas/order-fulfilment/${id}/compensate`)
      .send({ reason: ' ' });
    expect(blank.status).toBe(400);
    expect(problemOf(blank).code).toBe('VALIDATION_FAILED');
    const reader = await api.as({ sub: 'reader', tenant: 'acme', roles: ['order:reader'] });
    const refused = await reader
      .post(`/sagas/order-fulfilment/${id}/compensate`)
      .send({ reason: 'not mine to decide' });
    expect(refused.status).toBe(403);

    const forced = await admin
      .post(`/sagas/order-fulfilment/${id}/compensate`)
      .send({ reason: 'customer called to cancel' });
    expect(forced.status).toBe(200);
    const saga = await finished(id);
    expect(saga.instance.status).toBe('compensated');
    expect(saga.instance.reason).toBe('customer called to cancel');
    expect(commandTypes(saga).slice(2)).toEqual(['fulfilment.release-stock', 'orders.cancel']);
    expect(await orderStatus(id, 'cancelled')).toBe('cancelled');

    const retry = await admin.post(`/sagas/order-fulfilment/${id}/retry`);
    expect(retry.status).toBe(409);
    expect(problemOf(retry).code).toBe('SAGA_STATE_CONFLICT');
  });
});
