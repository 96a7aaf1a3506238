import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JetStreamTestStreams } from '../nats/nats-jetstream.fixture.js';
import { NatsJetStreamPublisher } from '../nats/nats-jetstream.publisher.js';
import { EVENT_HEADERS } from '../relay/integration-message.mapping.js';
import { testNatsUrl, uniqueBrokerName } from '../testing/broker-test-urls.js';
import { RELAY_RUN_OPTIONS } from './relay-child.fixture.js';
import { useRelayTestBed } from './relay-test-bed.fixture.js';
import { CREDITED, streamIds, Workload } from './relay-workload.fixture.js';

/**
 * The outbox end to end on the local NATS JetStream: `OutboxModule` with a
 * `NatsJetStreamPublisher` stores each committed event once in the stream, with its headers;
 * a replay from the log start sends everything again, and JetStream's duplicate window drops it
 * (message id = event id = `Nats-Msg-Id`).
 */
describe('outbox to NATS JetStream', () => {
  const bed = useRelayTestBed({ rabbitmq: false });
  let streams: JetStreamTestStreams;
  beforeAll(async () => {
    streams = await JetStreamTestStreams.open();
  });
  afterAll(async () => {
    await streams?.close();
  });

  it('stores every committed event exactly once, with its headers, even when published again', async () => {
    const stream = streams.define();
    const name = uniqueBrokerName('nats');
    const app = await bed.app([
      {
        name,
        select: { types: [CREDITED] },
        destination: 'accounts',
        transport: new NatsJetStreamPublisher({
          servers: testNatsUrl(),
          subjectPrefix: stream.subjectPrefix,
          stream,
        }),
        run: { ...RELAY_RUN_OPTIONS, leaseTtlMs: 5_000 },
      },
    ]);
    const streamId = `account-${randomUUID()}`;
    const occurredAt = '2025-03-04T05:06:07.089Z';
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const metadata = {
      tenantId: 'acme',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      traceparent,
    };
    const [first] = (
      await app.eventStore.append(streamId, [
        { type: CREDITED, version: 3, data: { amount: 7 }, metadata, occurredAt },
      ])
    ).events;
    await new Workload(app.eventStore, streamIds('nats', 3)).append(30);
    const head = await app.eventStore.headPosition();
    await expect(app.outbox.waitUntilPublished(name, head!, 10_000)).resolves.toBe(true);

    const committed = (await bed.db.committedSelected()).map((event) => event.eventId);
    const stored = await streams.readBack(stream);
    expect(stored.map((message) => message.messageId)).toEqual(committed);
    expect(stored[0]).toEqual({
      messageId: first.eventId,
      type: CREDITED,
      destination: 'accounts',
      key: streamId,
      payload: { amount: 7 },
      headers: {
        ...metadata,
        occurredAt,
        contentType: 'application/json',
        [EVENT_HEADERS.streamId]: streamId,
        [EVENT_HEADERS.streamVersion]: '1',
        [EVENT_HEADERS.schemaVersion]: '3',
      },
    });

    // Replayed from the log start: every message is sent again and dropped by JetStream.
    await app.outbox.stop();
    await app.relays.relays.get(name)!.handle.reset();
    const publishedBefore = (await app.outbox.status())[0].published;
    app.outbox.start();
    await expect(app.outbox.waitUntilPublished(name, head!, 10_000)).resolves.toBe(true);
    expect((await app.outbox.status())[0].published).toBe(publishedBefore + committed.length);
    const after = await streams.readBack(stream);
    expect(after.map((message) => message.messageId)).toEqual(committed);
  }, 30_000);
});
