import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { InboxProbe, MAX_ATTEMPTS, orderMessage, publish } from './inbox-rabbitmq.fixture.js';
import { useInboxTestBed } from './inbox-test-bed.fixture.js';

describe('@Inbox() on a RabbitMQ microservice: poison messages and dead-lettering', () => {
  const bed = useInboxTestBed();

  it('dead-letters a poison message after maxAttempts; the next message is still processed', async () => {
    const probe = new InboxProbe();
    probe.behaviour = ({ orderId }) => {
      if (orderId.endsWith('poison')) throw new Error('cannot apply this one');
    };
    // One delivery at a time: the good message arrives only once the poison one is settled.
    const consumer = await bed.consumer(probe, testAmqpUrl(), 1);
    const [poison, good] = [`${randomUUID()}-poison`, randomUUID()];
    publish(bed.broker.channel, consumer.queue, orderMessage(poison));
    publish(bed.broker.channel, consumer.queue, orderMessage(good));
    const [dead] = await consumer.dlq.receive(1);
    expect(dead?.properties.messageId).toBe(poison);
    expect(dead?.properties.headers?.[WIRE_HEADERS.messageId]).toBe(poison);
    await bed.until(consumer.settled, (n) => n === 2);
    expect(probe.orderCalls.map((context) => context?.messageId)).toEqual([
      ...Array<string>(MAX_ATTEMPTS).fill(poison),
      good,
    ]);
    await expect(bed.effects(poison)).resolves.toBe(0);
    await expect(bed.records(poison)).resolves.toBe(0);
    await expect(bed.effects(good)).resolves.toBe(1);
    await expect(bed.leftAfterClose(consumer)).resolves.toEqual({
      messageCount: 0,
      deadLettered: 1,
    });
  });

  it('dead-letters a message without id at once, without calling the handler', async () => {
    const probe = new InboxProbe();
    const consumer = await bed.consumer(probe);
    publish(bed.broker.channel, consumer.queue, orderMessage(''));
    const [dead] = await consumer.dlq.receive(1);
    expect(JSON.parse(dead!.content.toString())).toMatchObject({ pattern: 'order.confirmed' });
    await bed.until(consumer.settled, (n) => n === 1);
    expect(probe.orderCalls).toHaveLength(0);
    await expect(bed.leftAfterClose(consumer)).resolves.toEqual({
      messageCount: 0,
      deadLettered: 1,
    });
  });

  it('puts commands sent by a handler through the pipeline: an invalid one fails validation, nothing is written, the message is dead-lettered', async () => {
    const probe = new InboxProbe();
    const consumer = await bed.consumer(probe);
    const id = randomUUID();
    publish(bed.broker.channel, consumer.queue, {
      id,
      pattern: 'shipment.requested',
      data: { orderId: 'o-1', quantity: -3 },
    });
    const [dead] = await consumer.dlq.receive(1);
    expect(dead?.properties.messageId).toBe(id);
    expect(probe.shipmentCalls).toBe(MAX_ATTEMPTS);
    expect(probe.commands).toHaveLength(0);
    await expect(bed.effects(id)).resolves.toBe(0);
    await expect(bed.records(id)).resolves.toBe(0);
    await expect(bed.leftAfterClose(consumer)).resolves.toEqual({
      messageCount: 0,
      deadLettered: 1,
    });
  });
});
