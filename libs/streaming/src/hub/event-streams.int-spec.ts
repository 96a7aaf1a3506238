/**
 * Two instances (two event store connections with their own LISTEN, two `EventStreams`) on one
 * PostgreSQL log, under concurrent writers: each client gets its tenant's events exactly once, in
 * log order, and a client resuming on the other instance with its last event id loses nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Principal, type StoredEvent } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import { createEventStoreTestSchema, createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { RoleStreamAccessPolicy } from '../access/stream-access.policy.js';
import { resolveStreamingOptions } from '../module/resolve-streaming-options.js';
import { defineEventStream, type StreamFrame } from '../stream/event-stream.definition.js';
import { EventStreams } from './event-streams.service.js';
import type { StreamSubscription } from './stream-subscription.js';

const stream = defineEventStream({
  name: 'orders',
  eventTypes: ['order.created'],
  map: (event: StoredEvent) => event.data as { writer: number; n: number },
  permission: 'order:read',
});
const principal: Principal = { id: 'p', roles: ['order:read'], authMethod: 'jwt' };
const callerA = { principal, tenantId: 'a' };

let orm: MikroORM;
let schema: string;
let drop: () => Promise<void>;
const stores: PostgresEventStore[] = [];
const instances: EventStreams[] = [];

beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});
beforeEach(async () => {
  ({ schema, drop } = await createEventStoreTestSchema(orm));
});
afterEach(async () => {
  for (const instance of instances) instance.beforeApplicationShutdown();
  await Promise.all(instances.splice(0).map((instance) => instance.onApplicationShutdown()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await drop();
});

/** One app instance: its own event store (pool connection, LISTEN) and streams. */
function instance(): EventStreams {
  const store = new PostgresEventStore(orm.em.fork(), { schema });
  stores.push(store);
  const streams = new EventStreams(
    resolveStreamingOptions({ streams: [stream], bufferLimit: 2_000, batchSize: 50 }),
    store,
    new RoleStreamAccessPolicy(),
  );
  instances.push(streams);
  return streams;
}

/** `writers` concurrent writers, each appending `perWriter` events alternating tenants a/b. */
async function write(store: PostgresEventStore, writers: number, perWriter: number, tag = 0) {
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; n < perWriter; n += 1) {
        const tenantId = n % 2 === 0 ? 'a' : 'b';
        await store.append(`w${tag}-${writer}-${n}`, [
          { type: 'order.created', version: 1, data: { writer, n }, metadata: { tenantId } },
        ]);
      }
    }),
  );
}

/** Collects frames of `subscription` in the background. */
function collect(subscription: StreamSubscription): StreamFrame[] {
  const frames: StreamFrame[] = [];
  void (async () => {
    for await (const frame of subscription) frames.push(frame);
  })();
  return frames;
}

/** Tenant a's events in log order, as ids. */
async function logOfTenantA(store: PostgresEventStore): Promise<string[]> {
  const ids: string[] = [];
  let after = null;
  for (;;) {
    const events = await store.readAll({ after, limit: 500 });
    if (events.length === 0) return ids;
    for (const event of events) {
      if (event.metadata.tenantId === 'a') {
        ids.push(`${event.position.transactionId}:${event.position.globalPosition}`);
      }
    }
    after = events[events.length - 1].position;
  }
}

describe('EventStreams on PostgreSQL, two instances', () => {
  it('delivers every event of the tenant once, in log order, on both instances, under concurrent writers', async () => {
    const one = instance();
    const two = instance();
    const onOne = collect(await one.open('orders', callerA));
    const onTwo = collect(await two.open('orders', callerA));
    await write(stores[0], 6, 40);
    const expected = await logOfTenantA(stores[0]);
    expect(expected).toHaveLength(120);
    await pollUntil(
      async () => onOne.length + onTwo.length,
      (n) => n >= 240,
      20_000,
    );
    expect(onOne.map((frame) => frame.id)).toEqual(expected);
    expect(onTwo.map((frame) => frame.id)).toEqual(expected);
  });

  it('a client resuming on the other instance with its last event id loses nothing', async () => {
    const one = instance();
    const two = instance();
    const first = await one.open('orders', callerA);
    const before = collect(first);
    const writing = write(stores[0], 4, 60, 1);
    await pollUntil(
      async () => before.length,
      (n) => n >= 10,
      20_000,
    );
    first.close();
    const lastSeen = before[before.length - 1].id;
    const after = collect(await two.open('orders', callerA, { after: lastSeen }));
    await writing;
    const expected = await logOfTenantA(stores[0]);
    await pollUntil(
      async () => before.length + after.length,
      (n) => n >= expected.length,
      20_000,
    );
    expect([...before, ...after].map((frame) => frame.id)).toEqual(expected);
  });

  it('refuses a principal without the permission', async () => {
    const one = instance();
    await expect(
      one.open('orders', { principal: { ...principal, roles: [] }, tenantId: 'a' }),
    ).rejects.toThrow(/missing permission order:read/);
  });
});
