import { describe, expect, it } from '@jest/globals';
import { runInContext, type StorageTarget, type StoredEvent } from '@cqrs-ddd/core';
import { FakeStorageTargets, pollUntil } from '@cqrs-ddd/core/testing';
import { partitionLeaseResource } from '@cqrs-ddd/projections';
import type { Message } from 'amqplib';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { EVENT_HEADERS } from '../relay/integration-message.mapping.js';
import type { TestQueue } from '../rabbitmq/rabbitmq-test-broker.fixture.js';
import { uniqueBrokerName } from '../testing/broker-test-urls.js';
import { copiesById, deliveriesOf, versionsByStream } from './deliveries.fixture.js';
import type { EffectsConsumer } from './effects-consumer.fixture.js';
import type { OutboxApp } from './outbox-app.fixture.js';
import { useRelayTestBed } from './relay-test-bed.fixture.js';
import { CREDITED, streamIds, workloadEvent } from './relay-workload.fixture.js';
import { TenantTargets } from './tenant-targets.fixture.js';

/**
 * The outbox with storage targets, end to end on PostgreSQL and RabbitMQ: the events of tenants
 * on the shared tables, in a schema of their own and in a database of their own (known at start
 * or provisioned while the app runs) each reach the broker once, with their tenant, and the
 * consumer applies them once through the inbox, in stream order; each target's relay keeps its
 * checkpoint and lease in the target's own schema or database.
 */
describe('outbox relaying every storage target', () => {
  const bed = useRelayTestBed();

  /** An app relaying CREDITED to a fresh exchange, its consumer (one message at a time) and audit. */
  async function boot(targets: readonly StorageTarget[]) {
    const { exchange, audit } = await bed.destination();
    const consumer = await bed.consumer(exchange, { prefetchCount: 1 });
    const publisher = uniqueBrokerName('targets');
    const storageTargets = new FakeStorageTargets(targets);
    const app = await bed.app([bed.rabbitPublisher(publisher, exchange)], { storageTargets });
    return { app, audit, consumer, publisher, storageTargets };
  }

  /**
   * Appends `count` workload events (every fifth not selected) round robin to three streams of
   * `tenantId` as a request of that tenant; returns the selected ones as committed.
   */
  async function appendAs(
    app: OutboxApp,
    storageTargets: FakeStorageTargets,
    tenantId: string,
    count: number,
  ): Promise<StoredEvent[]> {
    await storageTargets.prepare(tenantId);
    const streams = streamIds(uniqueBrokerName(tenantId), 3);
    const committed: StoredEvent[] = [];
    for (let seq = 0; seq < count; seq++) {
      const streamId = streams[seq % streams.length];
      const event = workloadEvent(streamId, seq);
      const { events } = await runInContext({ tenantId }, () =>
        app.eventStore.append(streamId, [{ ...event, metadata: { ...event.metadata, tenantId } }]),
      );
      committed.push(...events);
    }
    return committed.filter((event) => event.type === CREDITED);
  }

  /**
   * Once every relay of `app` caught up: each of `expected` reached the broker exactly once with
   * its tenant header, and the consumer applied each once, in stream order, in its tenant (only
   * the streams of `expected` count: a new publisher also relays the earlier tests' shared log).
   */
  async function expectRelayedOnce(
    app: OutboxApp,
    audit: TestQueue,
    consumer: EffectsConsumer,
    expected: readonly StoredEvent[],
  ): Promise<void> {
    const tenantOf = (event: StoredEvent) => [event.eventId, event.metadata.tenantId];
    const streams = new Set(expected.map((event) => event.streamId));
    const effects = await pollUntil(
      async () => (await consumer.effects()).filter((row) => streams.has(row.streamId)),
      (rows) => rows.length >= expected.length,
      20_000,
    );
    await pollUntil(
      () => app.outbox.status(),
      (statuses) => statuses.every((status) => status.eventsBehind === 0),
    );
    expect(effects.map((row) => [row.messageId, row.tenantId]).sort()).toEqual(
      expected.map(tenantOf).sort(),
    );
    expect(versionsByStream(effects)).toEqual(versionsByStream(expected));

    const messages = (await audit.drain()).filter((message: Message) =>
      streams.has(String(message.properties.headers?.[EVENT_HEADERS.streamId])),
    );
    const copies = copiesById(messages.map((message) => String(message.properties.messageId)));
    expect([...copies.values()].every((count) => count === 1)).toBe(true);
    expect(
      messages
        .map(({ properties }) => [
          String(properties.messageId),
          (properties.headers as Record<string, unknown>)[WIRE_HEADERS.tenantId],
        ])
        .sort(),
    ).toEqual(expected.map(tenantOf).sort());
    expect(versionsByStream(deliveriesOf(messages))).toEqual(versionsByStream(expected));
  }

  it('publishes the events of shared, schema and database tenants once each, with their tenant', async () => {
    const tenants = await TenantTargets.open();
    try {
      const acme = tenants.schemaTarget('acme');
      const globex = await tenants.databaseTarget('globex');
      const { app, audit, consumer, publisher, storageTargets } = await boot([acme, globex]);
      try {
        const expected = [
          ...(await appendAs(app, storageTargets, 'acme', 12)),
          ...(await appendAs(app, storageTargets, 'globex', 12)),
          ...(await appendAs(app, storageTargets, 'umbrella', 12)), // on the shared tables
        ];
        await expectRelayedOnce(app, audit, consumer, expected);

        expect(app.outbox.targets()).toEqual(['shared', globex.key, acme.key]);
        const statuses = await app.outbox.status();
        expect(
          statuses.map(({ target, tenantId, published }) => [target, tenantId, published]),
        ).toEqual([
          ['shared', undefined, 10],
          [globex.key, 'globex', 10],
          [acme.key, 'acme', 10],
        ]);
        // Each target's relay keeps its checkpoint in the target's schema or database.
        const { projectionsSchema } = bed.db.schemas;
        const checkpoints = (target: StorageTarget) =>
          tenants.query(
            target,
            `SELECT processor_name FROM "${target.schema ?? projectionsSchema}".processor_checkpoints`,
          );
        for (const target of [acme, globex]) {
          await expect(checkpoints(target)).resolves.toEqual([
            { processor_name: `outbox:${publisher}` },
          ]);
        }
      } finally {
        await app.close();
      }
    } finally {
      await tenants.dispose();
    }
  }, 60_000);

  it('relays a tenant provisioned while the app runs, and releases its lease on shutdown', async () => {
    const tenants = await TenantTargets.open();
    try {
      const { app, audit, consumer, publisher, storageTargets } = await boot([]);
      try {
        const shared = await appendAs(app, storageTargets, 'umbrella', 6);
        const initech = tenants.schemaTarget('initech');
        storageTargets.add(initech);
        await pollUntil(
          async () => app.outbox.targets(),
          (keys) => keys.includes(initech.key),
        );
        const provisioned = await appendAs(app, storageTargets, 'initech', 6);
        await expectRelayedOnce(app, audit, consumer, [...shared, ...provisioned]);

        const lease = () =>
          tenants.query<{ session_id: string | null }>(
            initech,
            `SELECT session_id FROM "${initech.schema}".processor_leases
             WHERE resource = '${partitionLeaseResource(`outbox:${publisher}`, 0)}'`,
          );
        await expect(lease()).resolves.toEqual([{ session_id: expect.any(String) }]);
        await app.close();
        await expect(lease()).resolves.toEqual([{ session_id: null }]);
      } finally {
        await app.close();
      }
    } finally {
      await tenants.dispose();
    }
  }, 60_000);
});
