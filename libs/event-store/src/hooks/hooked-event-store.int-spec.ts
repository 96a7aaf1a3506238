import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MikroOrmUnitOfWork } from '../postgres/mikro-orm-unit-of-work.adapter.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.adapter.js';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { AppendHooks } from './append-hooks.js';
import { HookedEventStore } from './hooked-event-store.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
  await orm.em.getConnection().execute('CREATE TABLE hook_rows (event_id text PRIMARY KEY)');
});
afterAll(async () => {
  await orm.close();
});

describe('HookedEventStore on PostgreSQL', () => {
  let inner: PostgresEventStore;
  let hooks: AppendHooks;
  let store: HookedEventStore;
  let uow: MikroOrmUnitOfWork;
  let drop: () => Promise<void>;
  const event = { type: 'account.opened', version: 1, data: {} };
  const rows = async () =>
    (await orm.em.getConnection().execute<{ event_id: string }[]>('SELECT event_id FROM hook_rows'))
      .map((row) => row.event_id)
      .sort();
  const recordRows = (events: readonly StoredEvent[]) =>
    Promise.all(
      events.map((e) => orm.em.execute('INSERT INTO hook_rows VALUES (?)', [e.eventId])),
    ).then(() => undefined);

  beforeEach(async () => {
    const test = await createEventStoreTestSchema(orm);
    drop = test.drop;
    inner = new PostgresEventStore(orm.em, { schema: test.schema });
    hooks = new AppendHooks();
    uow = new MikroOrmUnitOfWork(orm.em);
    store = new HookedEventStore(inner, hooks, uow);
    await orm.em.getConnection().execute('TRUNCATE hook_rows');
  });
  afterEach(async () => {
    await inner.close();
    await drop();
  });

  it('runs hooks with the appended events, positions assigned, in the append transaction', async () => {
    const seen: StoredEvent[] = [];
    hooks.register(async (events) => {
      seen.push(...events);
      await recordRows(events);
    });
    const [result] = await store.appendToStreams([{ streamId: 'a', events: [event, event] }]);
    expect(seen.map((e) => e.eventId)).toEqual(result.events.map((e) => e.eventId));
    expect(seen[1].position).toEqual(result.position);
    expect(await rows()).toEqual(result.events.map((e) => e.eventId).sort());
  });

  it('rolls the append back when a hook fails, and the hook writes with it', async () => {
    hooks.register(recordRows);
    hooks.register(async () => {
      throw new Error('read model rejected the event');
    });
    await expect(store.append('a', [event])).rejects.toThrow('read model rejected the event');
    await expect(inner.streamVersion('a')).resolves.toBe(0);
    expect(await rows()).toEqual([]);
  });

  it('joins the caller transaction: a later rollback undoes append and hook writes', async () => {
    hooks.register(recordRows);
    await expect(
      uow.run(async () => {
        await store.append('a', [event]);
        throw new Error('command failed after appending');
      }),
    ).rejects.toThrow('command failed after appending');
    await expect(inner.streamVersion('a')).resolves.toBe(0);
    expect(await rows()).toEqual([]);
  });

  it('appends without a transaction of its own once the last hook is removed', async () => {
    const remove = hooks.register(recordRows);
    remove();
    expect(hooks.isEmpty).toBe(true);
    await store.append('a', [event]);
    await expect(inner.streamVersion('a')).resolves.toBe(1);
    expect(await rows()).toEqual([]);
  });
});
