import { afterAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { testAmqpUrl, uniqueBrokerName } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { coversAll, deliveriesOf, type Delivery, versionsByStream } from './deliveries.fixture.js';
import { useRelayTestBed } from './relay-test-bed.fixture.js';
import { streamIds, Workload } from './relay-workload.fixture.js';

/** The first copy of each message, in the order received. */
function firstCopies(deliveries: readonly Delivery[]): Delivery[] {
  const seen = new Set<string>();
  return deliveries.filter(({ messageId }) => !seen.has(messageId) && seen.add(messageId));
}

/**
 * A broker outage while the application goes on committing (DESIGN.md §9): the relay's
 * connection to RabbitMQ goes through a TCP proxy that is cut and restored. The appends commit
 * meanwhile, the relay retries with backoff (failures counted, nothing parked), and once the
 * broker is back every event is delivered, in order per stream, with no operator action.
 */
describe('outbox relay through a broker outage', () => {
  const bed = useRelayTestBed();
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    await proxy?.stop();
  });

  it('retries while the broker is unreachable, then delivers every event committed meanwhile', async () => {
    // Each wait ends on its condition; the deadline leaves room for a loaded CI machine.
    const timeoutMs = 30_000;
    const { hostname, port } = new URL(testAmqpUrl());
    proxy = await TcpProxy.start({ host: hostname, port: Number(port || 5672) });
    const { exchange, audit } = await bed.destination();
    const name = uniqueBrokerName('outage');
    const app = await bed.app([
      bed.rabbitPublisher(name, exchange, {
        // The default connectTimeoutMs (5 s): on a loaded machine opening the connection (through
        // the proxy) may take over a second, and a connection the test did not cut must not fail.
        // While cut, the proxy refuses connections at once.
        transport: { url: proxy.rewrite(testAmqpUrl()) },
        run: { leaseTtlMs: 5_000, retry: { initialDelayMs: 20, maxDelayMs: 300 } },
      }),
    ]);
    const status = async () => (await app.outbox.status())[0];
    const workload = new Workload(app.eventStore, streamIds('outage', 5));
    await workload.append(20);
    const initial = (await bed.db.committedSelected()).length;
    const before = await pollUntil(status, (current) => current.published >= initial, timeoutMs);
    expect(before.published).toBe(initial);
    expect(before).toMatchObject({ failed: 0, parked: 0, active: true });

    await proxy.cut();
    const appender = workload.start(10);
    try {
      const during = await pollUntil(status, (current) => current.failed >= 5, timeoutMs);
      // Retrying: failures counted, nothing parked, the events waiting in the log.
      expect(during.failed).toBeGreaterThanOrEqual(5);
      expect(during).toMatchObject({ parked: 0, active: true, published: before.published });
      expect(during.eventsBehind).toBeGreaterThan(0);
      expect((await audit.drain()).length).toBe(before.published);
      await proxy.restore();
    } finally {
      await appender.stop();
    }

    const committed = await bed.db.committedSelected();
    const deliveries = await pollUntil(
      async () => deliveriesOf(await audit.drain()),
      (received) => coversAll(received, committed),
      timeoutMs,
    );
    // Nothing lost, each stream in order (a batch cut mid-publication may come twice).
    expect(versionsByStream(firstCopies(deliveries))).toEqual(versionsByStream(committed));
    const head = await app.eventStore.headPosition();
    await expect(app.outbox.waitUntilPublished(name, head!, timeoutMs)).resolves.toBe(true);
    expect(await status()).toMatchObject({ parked: 0, eventsBehind: 0, active: true });
  }, 120_000);
});
