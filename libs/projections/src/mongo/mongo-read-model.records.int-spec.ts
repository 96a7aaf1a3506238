import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type QueryOptions,
  type ReadModelDocument,
  isValidationError,
  logPosition,
} from '@cqrs-ddd/core';
import mongoose, { type Connection, mongo } from 'mongoose';
import { isProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import {
  type TestMongoConnection,
  createTestMongoConnection,
  describeMongoTarget,
} from '../testing/mongo-test-database.js';
import { SORTS, SORT_ROWS, type SortRow, inMemoryPage } from './mongo-read-model.fixture.js';
import { MongoReadModelStore } from './mongo-read-model.store.js';

const at = (n: number) => ({ position: logPosition(n, n) });
const pos = (n: number) => `${String(n).padStart(20, '0')}:${String(n).padStart(20, '0')}`;

interface Version extends ReadModelDocument {
  readonly v: number;
}

describe(`MongoReadModelStore records (${describeMongoTarget()})`, () => {
  let database: TestMongoConnection;
  let store: MongoReadModelStore;

  beforeEach(async () => {
    database = await createTestMongoConnection();
    store = new MongoReadModelStore(database.connection);
  });

  afterEach(async () => {
    await database?.dispose();
  });

  it('stores { _id: ObjectId, tenantId, id, doc, pos } in rm_<name>, uniquely indexed on { tenantId, id }', async () => {
    const orders = store.collection<Version>('orders', { tenantId: 't1' });
    await orders.upsert({ id: 'o1', v: 1 }, at(7));
    await orders.delete('o2', at(8));
    const records = database.connection.collection('rm_orders');
    const stored = await records.find({}).sort({ id: 1 }).toArray();
    expect(stored).toEqual([
      {
        _id: expect.any(mongo.ObjectId),
        tenantId: 't1',
        id: 'o1',
        doc: { id: 'o1', v: 1 },
        pos: pos(7),
      },
      { _id: expect.any(mongo.ObjectId), tenantId: 't1', id: 'o2', doc: null, pos: pos(8) },
    ]);
    expect(await records.indexes()).toContainEqual(
      expect.objectContaining({ key: { tenantId: 1, id: 1 }, unique: true }),
    );
  });

  it('names collections with the configured prefix and rejects a bad prefix', async () => {
    const prefixed = new MongoReadModelStore(database.connection, { collectionPrefix: 'view_' });
    await prefixed.collection('orders', { tenantId: 't' }).upsert({ id: 'o1' }, at(1));
    const names = (await database.connection.listCollections()).map((c) => c.name);
    expect(names).toContain('view_orders');
    expect(names).not.toContain('rm_orders');
    let error: unknown;
    try {
      new MongoReadModelStore(database.connection, { collectionPrefix: 'a.b$' });
    } catch (caught) {
      error = caught;
    }
    expect(isProjectionsConfigurationError(error)).toBe(true);
  });

  it('rejects positions beyond 64 bits, writing nothing', async () => {
    const orders = store.collection('orders', { tenantId: 't' });
    const huge = { position: logPosition('123456789012345678901', 1) };
    for (const attempt of [
      () => orders.upsert({ id: 'o1' }, huge),
      () => orders.delete('o1', huge),
      () =>
        store.writeMany('orders', [{ tenantId: 't', id: 'o1', document: { id: 'o1' }, ...huge }]),
    ]) {
      let error: unknown;
      try {
        await attempt();
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
    }
    await expect(orders.count()).resolves.toBe(0);
  });

  it('drops a collection that was never written', async () => {
    await expect(store.dropCollection('never')).resolves.toBeUndefined();
  });

  it('keeps one record per document, at the highest position, under concurrent writers on several connections', async () => {
    const connections: Connection[] = await Promise.all(
      [1, 2, 3].map(() =>
        mongoose
          .createConnection(process.env.MONGO_URL as string, { dbName: database.databaseName })
          .asPromise(),
      ),
    );
    try {
      const stores = connections.map((connection) => new MongoReadModelStore(connection));
      const keys = ['t1', 't2'].flatMap((tenantId) =>
        ['a', 'b', 'c', 'd'].map((id) => ({ tenantId, id })),
      );
      const writes = keys.flatMap(({ tenantId, id }) =>
        Array.from({ length: 12 }, (_, i) => async () => {
          const n = i + 1;
          const target = stores[(n + id.charCodeAt(0)) % stores.length];
          const handle = target.collection<Version>('race', { tenantId });
          if (n === 12 || n % 4 === 1) return handle.upsert({ id, v: n }, at(n));
          if (n % 4 === 2) return handle.delete(id, at(n));
          if (n % 4 === 3) return handle.update(id, (draft) => ({ ...draft, v: n }), at(n));
          return target.writeMany('race', [
            { tenantId, id, document: { id, v: n }, position: logPosition(n, n) },
          ]);
        }),
      );
      // Deterministic shuffle, so positions arrive out of order.
      const order = writes.map((_, i) => (i * 7919) % writes.length);
      await Promise.all(order.map((i) => writes[i]()));
      const records = database.connection.collection('rm_race');
      for (const { tenantId, id } of keys) {
        await expect(records.countDocuments({ tenantId, id })).resolves.toBe(1);
      }
      const stored = await store.getMany<Version>('race', keys);
      expect(stored).toHaveLength(keys.length);
      for (const entry of stored) {
        expect(entry).toEqual({
          ...entry,
          document: { id: entry.id, v: 12 },
          position: logPosition(12, 12),
        });
      }
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
    }
  }, 30_000);

  it.each(SORTS)('sorts (%s) and pages like the in-memory store', async (_, sort) => {
    const rows = store.collection<SortRow>('sorting', { tenantId: 't' });
    await store.writeMany(
      'sorting',
      SORT_ROWS.map((document) => ({
        tenantId: 't',
        id: document.id,
        document,
        position: logPosition(1, 1),
      })),
    );
    let options: QueryOptions = { sort, limit: 5 };
    for (let page = 0; page < SORT_ROWS.length; page += 1) {
      const expected = inMemoryPage(options);
      await expect(rows.find(options as QueryOptions<SortRow>)).resolves.toEqual(expected);
      if (!expected.nextCursor) break;
      options = { ...options, cursor: expected.nextCursor };
    }
    await expect(rows.find({ sort } as QueryOptions<SortRow>)).resolves.toEqual(
      inMemoryPage({ sort }),
    );
  });
});
