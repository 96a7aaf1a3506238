import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeSnapshotStoreContract } from '@cqrs-ddd/core/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { PostgresSnapshotStore } from './postgres-snapshot-store.adapter.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});

describeSnapshotStoreContract('PostgresSnapshotStore', async () => {
  const { schema, drop } = await createEventStoreTestSchema(orm);
  return { adapter: new PostgresSnapshotStore(orm.em, { schema }), dispose: drop };
});

describe('PostgresSnapshotStore', () => {
  const snapshot = {
    streamId: 'order-1',
    version: 3,
    type: 'Order',
    schemaVersion: 1,
    state: { total: 10 },
    takenAt: '2026-01-02T03:04:05.006Z',
  };

  it('rejects state that is not plain JSON and stores nothing', async () => {
    const { schema, drop } = await createEventStoreTestSchema(orm);
    const store = new PostgresSnapshotStore(orm.em, { schema });
    await expect(
      store.save({ ...snapshot, state: { at: new Date(), n: Number.NaN } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'state.at' }] });
    expect(await store.load('order-1')).toBeNull();
    await drop();
  });

  it('writes in the caller transaction: a rolled-back save leaves nothing behind', async () => {
    const { schema, drop } = await createEventStoreTestSchema(orm);
    const store = new PostgresSnapshotStore(orm.em, { schema });
    await expect(
      orm.em.transactional(async () => {
        await store.save(snapshot);
        expect(await store.load('order-1')).toEqual(snapshot);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await store.load('order-1')).toBeNull();
    await drop();
  });
});
