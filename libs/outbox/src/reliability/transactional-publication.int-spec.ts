import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { NewEvent } from '@cqrs-ddd/core';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { EVENT_HEADERS } from '../relay/integration-message.mapping.js';
import { uniqueBrokerName } from '../testing/broker-test-urls.js';
import type { OutboxApp } from './outbox-app.fixture.js';
import { type Destination, useRelayTestBed } from './relay-test-bed.fixture.js';
import { CREDITED, NOTED } from './relay-workload.fixture.js';

class Rollback extends Error {}

const credited = (data: Record<string, unknown> = {}): NewEvent => ({
  type: CREDITED,
  version: 1,
  data,
  metadata: { tenantId: 'acme' },
});

/**
 * The event log is the outbox: an event is published if and only if the transaction that
 * appended it committed — through `OutboxModule` in a Nest app (MikroORM, the PostgreSQL
 * `EventStoreModule`, a `RabbitMqPublisher`), appends in the event store's unit of work.
 */
describe('outbox publication follows the appending transaction', () => {
  const bed = useRelayTestBed();
  const name = uniqueBrokerName('tx');
  let app: OutboxApp;
  let destination: Destination;

  beforeAll(async () => {
    destination = await bed.destination();
    app = await bed.app([
      bed.rabbitPublisher(name, destination.exchange, { run: { leaseTtlMs: 5_000 } }),
    ]);
  });

  /** Appends an event after everything else and waits until it is published (log order). */
  async function publishedUpToNow(): Promise<string> {
    const { position, events } = await app.eventStore.append(`later-${randomUUID()}`, [credited()]);
    await expect(app.outbox.waitUntilPublished(name, position!, 10_000)).resolves.toBe(true);
    return events[0].eventId;
  }

  it('publishes nothing of a transaction that rolled back', async () => {
    const [a, b] = [`order-${randomUUID()}`, `order-${randomUUID()}`];
    const seenInside: number[] = [];
    const transaction = app.unitOfWork.run(async () => {
      await app.eventStore.append(a, [credited({ n: 1 })]);
      await app.eventStore.appendToStreams([
        { streamId: a, events: [credited({ n: 2 })] },
        { streamId: b, events: [credited({ n: 3 })] },
      ]);
      seenInside.push(await app.eventStore.streamVersion(a), await app.eventStore.streamVersion(b));
      throw new Rollback('the command failed after appending');
    });
    await expect(transaction).rejects.toBeInstanceOf(Rollback);
    // The appends did happen, inside the transaction, and went with it.
    expect(seenInside).toEqual([2, 1]);
    expect([await app.eventStore.streamVersion(a), await app.eventStore.streamVersion(b)]).toEqual([
      0, 0,
    ]);

    const sentinel = await publishedUpToNow();
    const received = await destination.audit.drain();
    expect(received.map((message) => message.properties.messageId)).toEqual([sentinel]);
  });

  it('publishes a committed event exactly once, with its id, type and every context header', async () => {
    const streamId = `order-${randomUUID()}`;
    const eventId = randomUUID();
    const occurredAt = '2025-03-04T05:06:07.089Z';
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const metadata = {
      tenantId: 'acme',
      correlationId: 'corr-42',
      causationId: 'cmd-7',
      traceparent,
    };
    const before = (await destination.audit.drain()).length;
    await app.unitOfWork.run(() =>
      app.eventStore.appendToStreams([
        {
          streamId,
          events: [
            { eventId, type: CREDITED, version: 2, data: { amount: 5 }, metadata, occurredAt },
            // Same transaction, not selected: never published.
            { type: NOTED, version: 1, data: {}, metadata },
          ],
        },
      ]),
    );
    const sentinel = await publishedUpToNow();
    await publishedUpToNow();

    const received = (await destination.audit.drain()).slice(before);
    expect(received.map((message) => message.properties.messageId)).toEqual([
      eventId,
      sentinel,
      expect.any(String),
    ]);
    const [{ fields, properties, content }] = received;
    expect(fields.routingKey).toBe(CREDITED);
    expect(properties).toMatchObject({
      messageId: eventId,
      type: CREDITED,
      contentType: 'application/json',
      correlationId: 'corr-42',
      timestamp: Math.floor(Date.parse(occurredAt) / 1000),
      deliveryMode: 2,
    });
    expect(properties.headers).toEqual({
      [WIRE_HEADERS.messageId]: eventId,
      [WIRE_HEADERS.type]: CREDITED,
      [WIRE_HEADERS.key]: streamId,
      [WIRE_HEADERS.tenantId]: 'acme',
      [WIRE_HEADERS.correlationId]: 'corr-42',
      [WIRE_HEADERS.causationId]: 'cmd-7',
      [WIRE_HEADERS.traceparent]: traceparent,
      [WIRE_HEADERS.occurredAt]: occurredAt,
      [WIRE_HEADERS.contentType]: 'application/json',
      [EVENT_HEADERS.streamId]: streamId,
      [EVENT_HEADERS.streamVersion]: '1',
      [EVENT_HEADERS.schemaVersion]: '2',
    });
    expect(JSON.parse(content.toString())).toEqual({ pattern: CREDITED, data: { amount: 5 } });
  });
});
