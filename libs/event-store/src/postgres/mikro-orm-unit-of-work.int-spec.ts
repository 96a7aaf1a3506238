import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { describeUnitOfWorkContract } from '@cqrs-ddd/core/testing';
import { defineEntity, p, type MikroORM } from '@mikro-orm/postgresql';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { MikroOrmUnitOfWork } from './mikro-orm-unit-of-work.adapter.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';
import { PostgresSnapshotStore } from './postgres-snapshot-store.adapter.js';

const Account = defineEntity({
  name: 'Account',
  tableName: 'uow_account',
  properties: {
    id: p.string().primary(),
    balance: p.integer(),
  },
});

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm({ entities: [Account] });
  await orm.em
    .getConnection()
    .execute('CREATE TABLE uow_account (id text PRIMARY KEY, balance integer NOT NULL)');
});
afterAll(async () => {
  await orm.close();
});

describeUnitOfWorkContract('MikroOrmUnitOfWork', () => ({
  adapter: new MikroOrmUnitOfWork(orm.em),
}));

describe('MikroOrmUnitOfWork with the event store', () => {
  let store: PostgresEventStore;
  let snapshots: PostgresSnapshotStore;
  let uow: MikroOrmUnitOfWork;
  let drop: () => Promise<void>;
  let schema: string;

  beforeEach(async () => {
    const test = await createEventStoreTestSchema(orm);
    drop = test.drop;
    schema = test.schema;
    store = new PostgresEventStore(orm.em, { schema: test.schema });
    snapshots = new PostgresSnapshotStore(orm.em, { schema: test.schema });
    uow = new MikroOrmUnitOfWork(orm.em);
    await orm.em.getConnection().execute('TRUNCATE uow_account');
  });
  afterEach(async () => {
    await store.close();
    await drop();
  });

  const accountIds = async () =>
    (await orm.em.fork().find(Account, {}, { orderBy: { id: 'asc' } })).map((a) => a.id);
  const event = { type: 'account.opened', version: 1, data: {} };
  const snapshot = (streamId: string) => ({
    streamId,
    version: 1,
    type: 'Account',
    schemaVersion: 1,
    state: {},
    takenAt: '2026-01-01T00:00:00.000Z',
  });

  it('commits entity changes, appends and snapshots together', async () => {
    await uow.run(async () => {
      orm.em.persist(orm.em.create(Account, { id: 'a-1', balance: 5 }));
      await store.append('a-1', [event], { expectedVersion: 'no_stream' });
      await snapshots.save(snapshot('a-1'));
    });
    expect(await accountIds()).toEqual(['a-1']);
    expect(await store.streamVersion('a-1')).toBe(1);
    expect(await snapshots.load('a-1')).toMatchObject({ version: 1 });
  });

  it('rolls entity changes, appends and snapshots back together when the work fails', async () => {
    const failure = new Error('handler failed');
    await expect(
      uow.run(async () => {
        orm.em.persist(orm.em.create(Account, { id: 'a-1', balance: 5 }));
        await orm.em.flush();
        await store.append('a-1', [event]);
        await snapshots.save(snapshot('a-1'));
        expect(await store.streamVersion('a-1')).toBe(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await accountIds()).toEqual([]);
    expect(await store.streamVersion('a-1')).toBe(0);
    expect(await snapshots.load('a-1')).toBeNull();
  });

  it('rolls the appends back when the entity flush fails at commit', async () => {
    await orm.em
      .fork()
      .persist(orm.em.fork().create(Account, { id: 'taken', balance: 1 }))
      .flush();
    await expect(
      uow.run(async () => {
        await store.append('s', [event]);
        orm.em.persist(orm.em.create(Account, { id: 'taken', balance: 2 }));
      }),
    ).rejects.toMatchObject({ name: 'UniqueConstraintViolationException' });
    expect(await store.streamVersion('s')).toBe(0);
  });

  it('appends to several streams atomically inside one unit, nested runs included', async () => {
    await uow.run(async () => {
      await store.append('a', [event]);
      await uow.run(() => store.append('b', [event]));
    });
    await expect(
      uow.run(async () => {
        await store.append('a', [event], { expectedVersion: 1 });
        await uow.run(() => store.append('b', [event], { expectedVersion: 0 }));
      }),
    ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 'b', actual: 1 });
    expect([await store.streamVersion('a'), await store.streamVersion('b')]).toEqual([1, 1]);
  });

  it('keeps the transaction usable after a version conflict the work handles itself', async () => {
    await store.append('s', [event]);
    await uow.run(async () => {
      await expect(store.append('s', [event], { expectedVersion: 0 })).rejects.toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
      });
      await store.append('t', [event]);
    });
    expect(await store.streamVersion('s')).toBe(1);
    expect(await store.streamVersion('t')).toBe(1);
  });

  it('hides uncommitted appends from other connections until commit', async () => {
    let seenOutside: number | undefined;
    await uow.run(async () => {
      await store.append('s', [event]);
      const [row] = await orm.em
        .fork()
        .getConnection()
        .execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${schema}".cqrs_messages`);
      seenOutside = row.n;
    });
    expect(seenOutside).toBe(0);
    expect(await store.streamVersion('s')).toBe(1);
  });
});
