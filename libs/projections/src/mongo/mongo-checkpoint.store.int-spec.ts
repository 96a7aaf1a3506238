import { describe, expect, it } from '@jest/globals';
import { describeCheckpointStoreContract } from '@cqrs-ddd/core/testing';
import { logPosition } from '@cqrs-ddd/core';
import { createTestMongoConnection, describeMongoTarget } from '../testing/mongo-test-database.js';
import { MongoCheckpointStore } from './mongo-checkpoint.store.js';

const target = describeMongoTarget();

describeCheckpointStoreContract(`MongoCheckpointStore (${target})`, async () => {
  const database = await createTestMongoConnection();
  return {
    adapter: new MongoCheckpointStore(database.connection),
    dispose: () => database.dispose(),
  };
});

describe(`MongoCheckpointStore (${target})`, () => {
  it('keeps one record per processor and partition, with a unique index on that key', async () => {
    const database = await createTestMongoConnection();
    try {
      const stores = [1, 2, 3].map(
        () => new MongoCheckpointStore(database.connection, { collectionName: 'cp' }),
      );
      const outcomes = await Promise.allSettled(
        stores.flatMap((store, i) => [
          store.save('projection', { expected: null, next: logPosition(1, i), owner: `w-${i}` }),
          store.reset('other', 2, logPosition(5, i)),
        ]),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
      const records = database.connection.collection('cp');
      await expect(
        records.countDocuments({ processorName: 'projection', partition: 0 }),
      ).resolves.toBe(1);
      await expect(records.countDocuments({ processorName: 'other', partition: 2 })).resolves.toBe(
        1,
      );
      const indexes = await records.indexes();
      expect(indexes).toContainEqual(
        expect.objectContaining({ key: { processorName: 1, partition: 1 }, unique: true }),
      );
      const [record] = await records.find({ processorName: 'projection' }).toArray();
      expect(record.pos).toMatch(/^0{19}1:0{19}[0-2]$/);
      expect(record.updatedAt).toBeInstanceOf(Date);
    } finally {
      await database.dispose();
    }
  });

  it('rejects positions beyond 64 bits and bad collection names', async () => {
    const database = await createTestMongoConnection();
    try {
      const store = new MongoCheckpointStore(database.connection);
      await expect(
        store.save('p', { expected: null, next: logPosition('123456789012345678901', 1) }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.load('p')).resolves.toBeNull();
      expect(
        () => new MongoCheckpointStore(database.connection, { collectionName: 'a.b' }),
      ).toThrow(/collection name/);
    } finally {
      await database.dispose();
    }
  });
});
