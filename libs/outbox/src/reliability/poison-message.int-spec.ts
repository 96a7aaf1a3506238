import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { NewEvent } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { HELD_BEHIND_PARKED_EVENT } from '@cqrs-ddd/projections';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { uniqueBrokerName } from '../testing/broker-test-urls.js';
import { deliveriesOf } from './deliveries.fixture.js';
import { useRelayTestBed } from './relay-test-bed.fixture.js';
import { CREDITED } from './relay-workload.fixture.js';

/** A selected event type routed (by type) to a queue that refuses every message. */
const REFUSED = 'account.frozen';

const event = (type: string, n: number): NewEvent => ({
  type,
  version: 1,
  data: { n },
  metadata: { tenantId: 'acme' },
});

/**
 * A message the broker refuses for good (RabbitMQ nacks what a full `reject-publish` queue
 * cannot take) is parked with its stream's later events held behind it, while the other
 * streams' events go on being published; once the destination is fixed, `retryParked`
 * publishes it and the held events, in order.
 */
describe('outbox poison message', () => {
  const bed = useRelayTestBed();

  it('parks what the broker refuses, publishes the other streams, and publishes it on retry', async () => {
    const { exchange, audit } = await bed.destination();
    const blocking = bed.broker.queueName();
    await bed.broker.channel.assertQueue(blocking, {
      durable: false,
      arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' },
    });
    await bed.broker.channel.bindQueue(blocking, exchange, REFUSED);
    const name = uniqueBrokerName('poison');
    const app = await bed.app([
      {
        ...bed.rabbitPublisher(name, exchange, { run: { leaseTtlMs: 5_000 } }),
        select: { types: [CREDITED, REFUSED] },
      },
    ]);
    const [poisoned, other, third] = ['p', 'o', 't'].map((s) => `${s}-${randomUUID()}`);
    const before = await app.eventStore.appendToStreams([
      { streamId: poisoned, events: [event(CREDITED, 1), event(REFUSED, 2), event(CREDITED, 3)] },
      { streamId: other, events: [event(CREDITED, 1), event(CREDITED, 2)] },
    ]);
    const [poison, held] = before[0].events.slice(1).map((stored) => stored.eventId);

    await expect(app.outbox.waitUntilPublished(name, before[1].position!, 10_000)).resolves.toBe(
      true,
    );
    const parked = await app.outbox.listParked(name);
    expect(parked.map(({ eventId, error }) => [eventId, error.code])).toEqual([
      [poison, MessageRejectedError.CODE],
      [held, HELD_BEHIND_PARKED_EVENT],
    ]);
    // Events of other streams committed later are still published.
    const after = await app.eventStore.appendToStreams([
      { streamId: other, events: [event(CREDITED, 3)] },
      { streamId: third, events: [event(CREDITED, 1)] },
    ]);
    await expect(app.outbox.waitUntilPublished(name, after[1].position!, 10_000)).resolves.toBe(
      true,
    );
    const published = deliveriesOf(await audit.drain());
    const ids = new Set(published.map((delivery) => delivery.messageId));
    for (const { eventId } of [...before, ...after].flatMap((result) => result.events)) {
      if (eventId !== poison && eventId !== held) expect(ids.has(eventId)).toBe(true);
    }
    expect((await app.outbox.status())[0]).toMatchObject({ parked: 2, active: true });

    // Retried while the destination still refuses it: it stays parked.
    await expect(app.outbox.retryParked(name, poison)).rejects.toMatchObject({
      code: MessageRejectedError.CODE,
    });
    await expect(app.outbox.listParked(name)).resolves.toHaveLength(2);

    // The destination is fixed: the retry publishes it, then the event held behind it.
    const seen = (await audit.drain()).length;
    await bed.broker.channel.deleteQueue(blocking);
    await app.outbox.retryParked(name, poison);
    await expect(app.outbox.listParked(name)).resolves.toEqual([]);
    expect((await app.outbox.status())[0].parked).toBe(0);
    const retried = await pollUntil(
      async () => deliveriesOf(await audit.drain()).slice(seen),
      (received) => received.length >= 2,
    );
    expect(retried.map((delivery) => delivery.messageId)).toEqual([poison, held]);
  }, 30_000);
});
