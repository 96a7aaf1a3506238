import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';
import type { PostgresEventStoreOptions } from './postgres-event-store.options.js';
import { LISTEN_APPLICATION_NAME } from './postgres-wake-up.signal.js';

const event = { type: 'test.happened', version: 1, data: {} };
const NO_POLLING = 600_000;

let orm: MikroORM;
let schema: string;
let drop: () => Promise<void>;
const stores: PostgresEventStore[] = [];

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
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await drop();
});

function newStore(options: PostgresEventStoreOptions = {}): PostgresEventStore {
  const store = new PostgresEventStore(orm.em, { schema, pollIntervalMs: NO_POLLING, ...options });
  stores.push(store);
  return store;
}

/** Awaits `condition` (re-checked every 10 ms) for at most 5 s. */
async function eventually<T>(
  read: () => Promise<T> | T,
  condition: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 5_000;
  let value = await read();
  while (!condition(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
}

/** A plain `pg` client listening on the store's channel, recording every payload in order. */
async function witness(): Promise<{ payloads: string[]; end(): Promise<void> }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const payloads: string[] = [];
  client.on('notification', (message) => payloads.push(message.payload ?? ''));
  await client.connect();
  await client.query(`LISTEN "${schema}.cqrs_messages"`);
  return { payloads, end: () => client.end() };
}

const notify = (payload: string) =>
  orm.em.getConnection().execute(`SELECT pg_notify('${schema}.cqrs_messages', '${payload}')`);

const listenBackends = () =>
  orm.em.getConnection().execute<{ pid: number }[]>(
    `SELECT pid FROM pg_stat_activity
       WHERE application_name = '${LISTEN_APPLICATION_NAME}' AND datname = current_database()`,
  );

describe('PostgresEventStore.subscribe', () => {
  it.each(['after-commit', 'in-transaction'] as const)(
    'notifies when the appending transaction commits, not before (%s)',
    async (notifyMode) => {
      const store = newStore({ notifyMode });
      const seenByListener: number[] = [];
      store.subscribe(() => {
        void store.streamVersion('s').then((version) => seenByListener.push(version));
      });
      await eventually(listenBackends, (rows) => rows.length === 1);
      const observer = await witness();

      let commit!: () => void;
      const mayCommit = new Promise<void>((resolve) => (commit = resolve));
      let appended!: () => void;
      const inTransaction = new Promise<void>((resolve) => (appended = resolve));
      const transaction = orm.em.transactional(async () => {
        await store.append('s', [event]);
        appended();
        await mayCommit;
      });
      await inTransaction;
      // Notifications are delivered in commit order: once the sentinel sent after the append has
      // arrived, a notification sent by the append itself would have arrived before it.
      await notify('sentinel');
      await eventually(
        () => observer.payloads,
        (payloads) => payloads.length >= 1,
      );
      expect(observer.payloads).toEqual(['sentinel']);

      commit();
      await transaction;
      await eventually(
        () => observer.payloads,
        (payloads) => payloads.length >= 2,
      );
      expect(observer.payloads).toEqual(['sentinel', '']);
      // The subscriber was woken by the commit and found the committed event.
      await eventually(
        () => seenByListener,
        (counts) => counts.includes(1),
      );
      await observer.end();
    },
  );

  it('notifies from inside a savepoint, which commits only with its outer transaction', async () => {
    const store = newStore();
    const observer = await witness();
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    let appended!: () => void;
    const inSavepoint = new Promise<void>((resolve) => (appended = resolve));
    const transaction = orm.em.transactional(async () => {
      await orm.em.transactional(() => store.append('s', [event]));
      appended();
      await mayCommit;
    });
    await inSavepoint;
    await notify('sentinel');
    await eventually(
      () => observer.payloads,
      (payloads) => payloads.length >= 1,
    );
    expect(observer.payloads).toEqual(['sentinel']);
    commit();
    await transaction;
    await eventually(
      () => observer.payloads,
      (payloads) => payloads.length >= 2,
    );
    expect(observer.payloads).toEqual(['sentinel', '']);
    await observer.end();
  });

  it('coalesces the notifications of concurrent appends, sending at least one after the last', async () => {
    const store = newStore();
    const observer = await witness();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`s${i}`, [event])));
    await store.close(); // waits for the notification in flight
    await notify('sentinel');
    await eventually(
      () => observer.payloads,
      (payloads) => payloads.includes('sentinel'),
    );
    const notifications = observer.payloads.filter((payload) => payload === '');
    expect(notifications.length).toBeGreaterThanOrEqual(1);
    expect(notifications.length).toBeLessThan(20);
    await observer.end();
  });

  it('does not notify for a rolled-back transaction', async () => {
    const store = newStore();
    const observer = await witness();
    await expect(
      orm.em.transactional(async () => {
        await store.append('s', [event]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await notify('sentinel');
    await eventually(
      () => observer.payloads,
      (payloads) => payloads.length >= 1,
    );
    expect(observer.payloads).toEqual(['sentinel']);
    await observer.end();
  });

  it('wakes subscribers by polling when notifications are off, and sends none', async () => {
    const store = newStore({ notifications: false, pollIntervalMs: 20 });
    const observer = await witness();
    let wakeUps = 0;
    const unsubscribe = store.subscribe(() => (wakeUps += 1));
    await store.append('s', [event]);
    await eventually(
      () => wakeUps,
      (count) => count >= 2,
    );
    await notify('sentinel');
    await eventually(
      () => observer.payloads,
      (payloads) => payloads.length >= 1,
    );
    expect(observer.payloads).toEqual(['sentinel']);
    expect(await listenBackends()).toEqual([]);
    unsubscribe();
    await observer.end();
  });

  it('reconnects a lost LISTEN connection and wakes subscribers on reconnect', async () => {
    const store = newStore({ reconnectDelayMs: 20 });
    let wakeUps = 0;
    store.subscribe(() => (wakeUps += 1));
    const [first] = await eventually(listenBackends, (rows) => rows.length === 1);
    await eventually(
      () => wakeUps,
      (count) => count >= 1,
    ); // the wake-up after connecting

    const before = wakeUps;
    await orm.em.getConnection().execute(`SELECT pg_terminate_backend(${first.pid})`);
    const [second] = await eventually(
      listenBackends,
      (rows) => rows.length === 1 && rows[0].pid !== first.pid,
    );
    expect(second.pid).not.toBe(first.pid);
    await eventually(
      () => wakeUps,
      (count) => count > before,
    );

    // LISTEN works again: an append wakes the subscriber (polling is off).
    const afterReconnect = wakeUps;
    await store.append('s', [event]);
    await eventually(
      () => wakeUps,
      (count) => count > afterReconnect,
    );
  });

  it('holds the LISTEN connection only while there are subscribers', async () => {
    const store = newStore();
    const first = store.subscribe(() => undefined);
    const second = store.subscribe(() => undefined);
    await eventually(listenBackends, (rows) => rows.length === 1);
    first();
    expect(await listenBackends()).toHaveLength(1);
    second();
    await eventually(listenBackends, (rows) => rows.length === 0);

    store.subscribe(() => undefined);
    await eventually(listenBackends, (rows) => rows.length === 1);
    await store.close();
    await eventually(listenBackends, (rows) => rows.length === 0);
  });
});
