import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { uniqueBrokerName } from '../testing/broker-test-urls.js';
import { copiesById, coversAll, deliveriesOf } from './deliveries.fixture.js';
import {
  RelayChild,
  type RelayChildMessage,
  type RelayFreezePoint,
} from './relay-child.fixture.js';
import { useRelayTestBed } from './relay-test-bed.fixture.js';
import { streamIds, TENANT, Workload } from './relay-workload.fixture.js';

/**
 * Crash safety of the outbox (DESIGN.md §9): relays running in child processes (on the built
 * libraries: `beforeAll` runs `tsc -b libs/outbox/tsconfig.lib.json`, about half a second when
 * `dist` is up to date) are killed with SIGKILL around a batch's publication while events keep
 * being appended, and a new process resumes each time. Every committed event is published at
 * least once — some twice — and the consumer's effects, through the inbox, are exactly once.
 */
describe('outbox relay killed with SIGKILL', () => {
  const bed = useRelayTestBed({ children: true });
  const frozen = (m: RelayChildMessage) => m.kind === 'frozen';

  it('resumes in a new process: every committed event published, effects exactly once', async () => {
    const { exchange, audit } = await bed.destination();
    const consumer = await bed.consumer(exchange);
    const target = { ...bed.db.schemas, exchange, publisher: uniqueBrokerName('crash') };
    // Set up ahead of time; each starts its engine once its predecessor is dead.
    const prepare = (instanceId: string, freeze?: RelayFreezePoint) =>
      RelayChild.start(instanceId, target, { freeze, startOnCommand: true });
    const [first, second, third, last] = [
      // Frozen with its second batch read but not sent.
      prepare('crash-1', { stage: 'before-publish', batch: 2 }),
      // Frozen once the broker confirmed its second batch, before the checkpoint moved.
      prepare('crash-2', { stage: 'after-publish', batch: 2 }),
      // Killed from outside while publishing its fourth batch.
      prepare('crash-3'),
      prepare('resumed'),
    ];
    await Promise.all([first, second, third, last].map((child) => child.loaded()));

    const workload = new Workload(bed.db.writer, streamIds('acct', 7));
    await workload.append(60);
    const appender = workload.start(10);
    try {
      for (const child of [first, second]) {
        await child.begin();
        await child.waitFor(frozen);
        await child.kill();
      }
      await third.begin();
      await third.waitFor((m) => m.kind === 'batch', { nth: 4 });
      await third.kill();
    } finally {
      await appender.stop();
    }
    await last.begin();

    const committed = await bed.db.committedSelected();
    expect(committed.length).toBeGreaterThan(100);
    const messages = await pollUntil(
      () => audit.drain(),
      (received) => coversAll(deliveriesOf(received), committed),
      20_000,
    );
    const copies = copiesById(deliveriesOf(messages).map((delivery) => delivery.messageId));
    // Published at least once each, and nothing else (no unselected or unknown message).
    expect(committed.filter((event) => !copies.has(event.eventId))).toEqual([]);
    expect(copies.size).toBe(committed.length);
    // The batch confirmed before crash-2's checkpoint moved was published again after it.
    const confirmed = await second.waitFor((m) => m.kind === 'published' && m.batch === 2);
    expect(confirmed.ids!.length).toBeGreaterThan(0);
    for (const id of confirmed.ids!) expect(copies.get(id)).toBeGreaterThanOrEqual(2);

    // The consumer settled every copy: one effect per committed event, none doubled.
    await pollUntil(
      async () => consumer.settled(),
      (settled) => settled >= messages.length,
      20_000,
    );
    const effects = await consumer.effects();
    expect(effects.map((effect) => effect.messageId).sort()).toEqual(
      committed.map((event) => event.eventId).sort(),
    );
    expect(new Set(effects.map((effect) => effect.tenantId))).toEqual(new Set([TENANT]));
    await expect(consumer.deadLettered()).resolves.toBe(0);

    // The work really was split between the processes.
    for (const child of [third, last]) expect(child.publishedIds().length).toBeGreaterThan(0);
    last.signal('SIGTERM');
    await last.waitFor((m) => m.kind === 'stopped');
    await expect(last.exited).resolves.toEqual({ code: 0, signal: null });
  }, 60_000);
});
