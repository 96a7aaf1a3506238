import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { uniqueBrokerName } from '../testing/broker-test-urls.js';
import { deliveriesOf, versionsByStream } from './deliveries.fixture.js';
import { useRelayTestBed } from './relay-test-bed.fixture.js';
import { appendConcurrently } from './relay-workload.fixture.js';

/**
 * Per-stream order end to end: many streams written at once by parallel writers interleave in
 * the log; the relay publishes in log order, so each stream's messages reach the queue, and a
 * consumer taking one message at a time (through the inbox), in stream-version order.
 */
describe('outbox per-stream order', () => {
  const bed = useRelayTestBed();

  it('delivers each stream in version order to the consumer, from concurrent writers', async () => {
    const { exchange, audit } = await bed.destination();
    const consumer = await bed.consumer(exchange, { prefetchCount: 1 });
    const name = uniqueBrokerName('order');
    const app = await bed.app([
      bed.rabbitPublisher(name, exchange, { run: { leaseTtlMs: 5_000, batchSize: 25 } }),
    ]);
    const layout = { prefix: 'ordered', writers: 6, streamsPerWriter: 4, eventsPerWriter: 48 };
    await appendConcurrently(app.eventStore, layout);

    const committed = await bed.db.committedSelected();
    const expected = versionsByStream(committed);
    expect(Object.keys(expected)).toHaveLength(layout.writers * layout.streamsPerWriter);
    // The writers really ran at once: their events interleave in the log.
    const writerOf = (streamId: string) => streamId.split('-')[1];
    const switches = committed.filter(
      (event, i) => i > 0 && writerOf(committed[i - 1].streamId) !== writerOf(event.streamId),
    );
    expect(switches.length).toBeGreaterThan(4 * layout.writers);

    const effects = await pollUntil(
      () => consumer.effects(),
      (rows) => rows.length >= committed.length,
      20_000,
    );
    expect(versionsByStream(effects)).toEqual(expected);
    expect(versionsByStream(deliveriesOf(await audit.drain()))).toEqual(expected);
  }, 45_000);
});
