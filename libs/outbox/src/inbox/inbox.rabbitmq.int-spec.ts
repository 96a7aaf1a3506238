import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { deferred } from '@cqrs-ddd/core/testing';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { InboxProbe, orderMessage, publish } from './inbox-rabbitmq.fixture.js';
import { useInboxTestBed } from './inbox-test-bed.fixture.js';

describe('@Inbox() on a RabbitMQ microservice, inbox in PostgreSQL', () => {
  const bed = useInboxTestBed();

  it('applies a message delivered twice, concurrently and again later, once; acks every copy', async () => {
    const probe = new InboxProbe();
    const gate = deferred<void>();
    probe.behaviour = (_data, call) => (call === 1 ? gate.promise : undefined);
    const consumer = await bed.consumer(probe);
    const id = randomUUID();
    publish(bed.broker.channel, consumer.queue, orderMessage(id));
    publish(bed.broker.channel, consumer.queue, orderMessage(id));
    await bed.until(
      () => probe.orderCalls.length,
      (calls) => calls === 1,
    );
    // The second copy waits on the first one's uncommitted inbox row.
    await expect(bed.until(bed.lockWaiters, (n) => n >= 1)).resolves.toBeGreaterThanOrEqual(1);
    gate.resolve();
    await bed.until(consumer.settled, (n) => n === 2);
    publish(bed.broker.channel, consumer.queue, orderMessage(id));
    await expect(bed.until(consumer.settled, (n) => n === 3)).resolves.toBe(3);
    expect(probe.orderCalls).toHaveLength(1);
    await expect(bed.effects(id)).resolves.toBe(1);
    await expect(bed.leftAfterClose(consumer)).resolves.toEqual({
      messageCount: 0,
      deadLettered: 0,
    });
  });

  it('runs the handler, and the commands it sends, in the request context of the headers', async () => {
    const probe = new InboxProbe();
    const consumer = await bed.consumer(probe);
    const [orderId, shipmentId] = [randomUUID(), randomUUID()];
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const headers = { tenantId: 'acme', correlationId: 'corr-42', causationId: 'cmd-7' };
    publish(bed.broker.channel, consumer.queue, orderMessage(orderId, { ...headers, traceparent }));
    publish(bed.broker.channel, consumer.queue, {
      id: shipmentId,
      pattern: 'shipment.requested',
      data: { orderId: 'o-1', quantity: 2 },
      headers,
    });
    await bed.until(consumer.settled, (n) => n === 2);
    expect(probe.orderCalls).toEqual([{ ...headers, traceparent, messageId: orderId }]);
    // The command is caused by the message, in the same correlation and tenant.
    expect(probe.commands).toEqual([
      {
        tenantId: 'acme',
        correlationId: 'corr-42',
        causationId: shipmentId,
        messageId: expect.any(String),
      },
    ]);
    await expect(bed.effects(orderId)).resolves.toBe(1);
    const rows = await bed.orm.em.execute(
      `SELECT tenant_id FROM inbox_messages WHERE message_id = ?`,
      [shipmentId],
    );
    expect(rows).toEqual([{ tenant_id: 'acme' }]);
  });

  it('rolls a failed attempt back with its inbox record; the retry applies the message once', async () => {
    const probe = new InboxProbe();
    probe.behaviour = (_data, call) => {
      if (call === 1) throw new Error('deadlock detected');
    };
    const consumer = await bed.consumer(probe);
    const id = randomUUID();
    publish(bed.broker.channel, consumer.queue, orderMessage(id));
    await bed.until(consumer.settled, (n) => n === 1);
    expect(probe.orderCalls).toHaveLength(2);
    await expect(bed.effects(id)).resolves.toBe(1);
    await expect(bed.records(id)).resolves.toBe(1);
    await expect(bed.leftAfterClose(consumer)).resolves.toEqual({
      messageCount: 0,
      deadLettered: 0,
    });
  });

  it('acks only after the commit: a delivery in progress comes back after a connection loss, and is applied once', async () => {
    const proxy = await bed.proxy();
    const probe = new InboxProbe();
    const gate = deferred<void>();
    probe.behaviour = (_data, call) => (call === 1 ? gate.promise : undefined);
    const consumer = await bed.consumer(probe, proxy.rewrite(testAmqpUrl()));
    const id = randomUUID();
    publish(bed.broker.channel, consumer.queue, orderMessage(id));
    await bed.until(
      () => probe.orderCalls.length,
      (calls) => calls === 1,
    );
    await proxy.cut();
    // Not acked: the broker puts the message back when the consumer's connection drops.
    const ready = () => bed.broker.channel.checkQueue(consumer.queue).then((q) => q.messageCount);
    await expect(bed.until(ready, (n) => n === 1)).resolves.toBe(1);
    await proxy.restore();
    // Redelivered to the reconnected consumer, it waits on the first attempt's inbox row.
    await expect(bed.until(bed.lockWaiters, (n) => n >= 1)).resolves.toBeGreaterThanOrEqual(1);
    gate.resolve();
    await bed.until(consumer.settled, (n) => n === 2);
    expect(probe.orderCalls).toHaveLength(1);
    await expect(bed.effects(id)).resolves.toBe(1);
    await expect(bed.leftAfterClose(consumer)).resolves.toEqual({
      messageCount: 0,
      deadLettered: 0,
    });
  });
});
