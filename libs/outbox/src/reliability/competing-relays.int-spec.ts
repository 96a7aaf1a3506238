import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import type { OutboxService } from '../module/outbox.service.js';
import { uniqueBrokerName } from '../testing/broker-test-urls.js';
import { copiesById, coversAll, deliveriesOf, type Delivery } from './deliveries.fixture.js';
import { RELAY_RUN_OPTIONS, RelayChild, type RelayChildMessage } from './relay-child.fixture.js';
import { type Destination, useRelayTestBed } from './relay-test-bed.fixture.js';
import { appendConcurrently, streamIds, Workload } from './relay-workload.fixture.js';

/**
 * Several instances relaying the same publisher from the same PostgreSQL schema (DESIGN.md §1:
 * nothing may assume a single process): exactly one holds the publisher's lease and publishes,
 * so each event is published once; when it leaves gracefully another takes over at once, and
 * when it is killed (SIGKILL, in a child process on the built libraries) another takes over
 * once the lease expired, and nothing is lost.
 */
describe('competing outbox relay instances', () => {
  const bed = useRelayTestBed({ children: true });

  const statusOf = async (outbox: OutboxService) => (await outbox.status())[0];
  /** Waits until `audit` received every committed event; returns what it received. */
  async function deliveredAll({ audit }: Destination): Promise<Delivery[]> {
    const committed = await bed.db.committedSelected();
    const deliveries = await pollUntil(
      async () => deliveriesOf(await audit.drain()),
      (received) => coversAll(received, committed),
      20_000,
    );
    expect(coversAll(deliveries, committed)).toBe(true);
    return deliveries;
  }

  it('two app instances: one active at a time, each event published exactly once, handed over on shutdown', async () => {
    const destination = await bed.destination();
    const name = uniqueBrokerName('pair');
    // A long lease: no renewal is late on a busy machine, so nothing is published twice.
    const definition = () =>
      bed.rabbitPublisher(name, destination.exchange, { run: { leaseTtlMs: 5_000 } });
    const apps = [await bed.app([definition()]), await bed.app([definition()])];
    const active = () =>
      Promise.all(apps.map(async ({ outbox }) => (await statusOf(outbox)).active));
    const states = await pollUntil(active, (flags) => flags.filter(Boolean).length === 1, 10_000);
    expect(states.filter(Boolean)).toHaveLength(1);
    const [leader, follower] = states[0] ? apps : [...apps].reverse();

    // Both instances write, concurrently.
    await Promise.all(
      apps.map((app, i) =>
        appendConcurrently(app.eventStore, {
          prefix: `pair-${i}`,
          writers: 3,
          streamsPerWriter: 2,
          eventsPerWriter: 20,
        }),
      ),
    );
    let deliveries = await deliveredAll(destination);
    expect(await active()).toEqual(states);
    expect(await statusOf(follower.outbox)).toMatchObject({ active: false, published: 0 });
    const published = await pollUntil(
      async () => (await statusOf(leader.outbox)).published,
      (count) => count >= deliveries.length,
    );
    expect(published).toBe(deliveries.length);

    // The leader shuts down (its batch finishes, its lease is released) while writes go on.
    const writing = appendConcurrently(follower.eventStore, {
      prefix: 'pair-later',
      writers: 3,
      streamsPerWriter: 2,
      eventsPerWriter: 20,
    });
    await leader.close();
    await writing;
    await expect(
      pollUntil(async () => (await statusOf(follower.outbox)).active, Boolean, 10_000),
    ).resolves.toBe(true);
    deliveries = await deliveredAll(destination);
    const copies = copiesById(deliveries.map((delivery) => delivery.messageId));
    expect([...copies.values()].filter((count) => count > 1)).toEqual([]);
    expect(copies.size).toBe((await bed.db.committedSelected()).length);
    expect((await statusOf(follower.outbox)).published).toBeGreaterThan(0);
  }, 45_000);

  it("takes over a SIGKILLed instance's publisher once its lease expired: nothing lost", async () => {
    const destination = await bed.destination();
    const publisher = uniqueBrokerName('takeover');
    const target = { ...bed.db.schemas, exchange: destination.exchange, publisher };
    // A lease that a busy machine cannot let lapse while the child lives.
    const run = { ...RELAY_RUN_OPTIONS, leaseTtlMs: 2_000 };
    const doomed = RelayChild.start('doomed', target, { run });
    const committed = (m: RelayChildMessage) => m.kind === 'committed';
    const workload = new Workload(bed.db.writer, streamIds('takeover', 5));
    await workload.append(30);
    await doomed.waitFor(committed);
    const standby = await bed.app([bed.rabbitPublisher(publisher, destination.exchange, { run })]);
    const appender = workload.start(10);
    try {
      await doomed.waitFor(committed, { nth: doomed.count(committed) + 3 });
      // While the child lives and renews its lease, the app instance only waits.
      expect(await statusOf(standby.outbox)).toMatchObject({ active: false, published: 0 });
      expect((await bed.db.lease(publisher)).sessionId).toMatch(/^doomed/);
      // It dies holding the lease, a batch published but its checkpoint not moved yet.
      const frozen = await doomed.freezeNext('after-publish');
      await doomed.kill();
      await expect(
        pollUntil(async () => (await statusOf(standby.outbox)).active, Boolean, 10_000),
      ).resolves.toBe(true);
      expect((await bed.db.lease(publisher)).sessionId).not.toMatch(/^doomed/);

      const deliveries = await deliveredAll(destination);
      // That batch was published again by the survivor, and nothing else was.
      const sent = doomed.messages.find((m) => m.kind === 'published' && m.batch === frozen.batch);
      const copies = copiesById(deliveries.map((delivery) => delivery.messageId));
      const doubled = [...copies].filter(([, count]) => count > 1).map(([id]) => id);
      expect(doubled.sort()).toEqual([...sent!.ids!].sort());
      expect(doomed.publishedIds().length).toBeGreaterThan(0);
      expect((await statusOf(standby.outbox)).published).toBeGreaterThan(0);
    } finally {
      await appender.stop();
    }
    // Events appended until the appender stopped are published by the survivor too.
    await deliveredAll(destination);
  }, 45_000);
});
