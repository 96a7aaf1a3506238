import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { OutboxService } from '@cqrs-ddd/outbox';
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { uniqueBrokerTopology } from './support/broker-topology.js';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder, readOrder } from './support/orders-api.js';

interface Notification {
  readonly orderId: string;
  readonly kind: string;
  readonly messageId: string;
  readonly correlationId?: string;
}

/**
 * The round trip with AMQP_URL set: a command over HTTP commits `order.confirmed`; the outbox
 * publishes it to RabbitMQ; the app's notifications consumer receives it through the inbox, in
 * the originating request's tenant and correlation, and records it once.
 */
describe('messaging round trip over RabbitMQ (e2e)', () => {
  let api: E2eApp;

  const broker = uniqueBrokerTopology('orders');

  beforeAll(async () => {
    api = await startApp(broker.env);
  });

  afterAll(async () => {
    await api?.close();
    await broker.remove();
  });

  async function notificationsOf(orderId: string, count: number): Promise<Notification[]> {
    return pollUntil(
      async () => (await api.http().get(`/orders/${orderId}/notifications`)).body as Notification[],
      (list) => list.length >= count,
      10_000,
    );
  }

  it('publishes order.confirmed and order.cancelled and records each once, with the request correlation id', async () => {
    const { id } = await createOrder(api, 'c-messaging');
    await addItem(api, id, { productId: 'p-1', quantity: 2, unitPrice: 5 });
    const confirmed = await api
      .http()
      .post(`/orders/${id}/confirm`)
      .set('X-Correlation-Id', 'corr-confirm-1');
    expect(confirmed.status).toBe(200);
    const cancelled = await api
      .http()
      .post(`/orders/${id}/cancel`)
      .set('X-Correlation-Id', 'corr-cancel-1');
    expect(cancelled.status).toBe(200);

    const notifications = await notificationsOf(id, 2);
    // The consumer handles messages concurrently: notifications may be recorded in either order.
    const byKind = [...notifications].sort((a, b) => (a.kind < b.kind ? -1 : 1));
    expect(
      byKind.map(({ orderId, kind, correlationId }) => ({ orderId, kind, correlationId })),
    ).toEqual([
      { orderId: id, kind: 'order.cancelled', correlationId: 'corr-cancel-1' },
      { orderId: id, kind: 'order.confirmed', correlationId: 'corr-confirm-1' },
    ]);
    expect(new Set(notifications.map((n) => n.messageId)).size).toBe(2);

    const [status] = await api.app.get(OutboxService).status();
    expect(status).toMatchObject({ name: 'orders-integration', active: true, parked: 0 });
    expect(status.published).toBeGreaterThanOrEqual(2);
    const metrics = (await api.http().get('/metrics')).text;
    expect(metrics).toMatch(
      /outbox_published_messages_total\{publisher="orders-integration",target="shared"\} [1-9]/,
    );
    expect(metrics).toContain(
      'outbox_parked_messages{publisher="orders-integration",target="shared"} 0',
    );
    expect(metrics).toContain(
      'outbox_events_behind{publisher="orders-integration",target="shared"}',
    );
  });

  it('publishes only the integration events: not order.created nor order.item-added', async () => {
    const outbox = api.app.get(OutboxService);
    const before = (await outbox.status())[0].published;
    const { id } = await createOrder(api, 'c-messaging-2');
    await addItem(api, id, { productId: 'p-1', quantity: 1, unitPrice: 1 });
    const confirmed = await api.http().post(`/orders/${id}/confirm`);
    expect(confirmed.status).toBe(200);
    const notifications = await notificationsOf(id, 1);
    expect(notifications.map((n) => n.kind)).toEqual(['order.confirmed']);
    expect((await outbox.status())[0].published - before).toBe(1);
  });

  /** Sends an order command message the way another service would, with `authorization`. */
  async function sendCommand(type: string, orderId: string, authorization?: string) {
    const messageId = randomUUID();
    const connection = await connect(broker.env.AMQP_URL!);
    try {
      const channel = await connection.createConfirmChannel();
      channel.publish(
        broker.env.AMQP_EXCHANGE!,
        type,
        Buffer.from(JSON.stringify({ pattern: type, data: { orderId } })),
        {
          messageId,
          headers: {
            'x-message-id': messageId,
            'x-tenant-id': 'acme',
            ...(authorization ? { authorization } : {}),
          },
        },
      );
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    return messageId;
  }

  /** Ids of the messages dead-lettered to the consumer's DLQ (consumed). */
  async function deadLettered(count: number): Promise<string[]> {
    const connection = await connect(broker.env.AMQP_URL!);
    const seen: string[] = [];
    try {
      const channel = await connection.createChannel();
      return await pollUntil(
        async () => {
          for (
            let message = await channel.get(`${broker.env.AMQP_QUEUE}.dlq`, { noAck: true });
            message;
            message = await channel.get(`${broker.env.AMQP_QUEUE}.dlq`, { noAck: true })
          ) {
            seen.push(String(message.properties.messageId));
          }
          return seen;
        },
        (ids) => ids.length >= count,
        10_000,
      );
    } finally {
      await connection.close();
    }
  }

  it('authorizes command messages like HTTP requests: no credential or no permission → refused and dead-lettered', async () => {
    const { id } = await createOrder(api, 'c-broker-commands');
    const { version } = await addItem(api, id, { productId: 'p-1', quantity: 1, unitPrice: 4 });
    const reader = await api.token({ sub: 'svc-reader', tenant: 'acme', roles: ['order:reader'] });
    const approver = await api.token({
      sub: 'svc-approver',
      tenant: 'acme',
      roles: ['order:approver'],
    });

    const anonymous = await sendCommand('order.confirm-requested', id);
    const forbidden = await sendCommand('order.confirm-requested', id, `Bearer ${reader}`);
    expect((await deadLettered(2)).sort()).toEqual([anonymous, forbidden].sort());
    expect(await readOrder(api, id, version)).toMatchObject({ status: 'pending', version });

    await sendCommand('order.confirm-requested', id, `Bearer ${approver}`);
    const confirmed = await pollUntil(
      async () =>
        (await api.http().get(`/orders/${id}`)).body as { status: string; version: number },
      (order) => order.status === 'confirmed',
      10_000,
    );
    expect(confirmed).toMatchObject({ status: 'confirmed', version: version + 1 });
  });
});
