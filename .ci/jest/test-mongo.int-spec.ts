import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import {
  MONGO_STAND_IN_ENV,
  type MongoStandInHandle,
  redactMongoUrl,
  startMongoStandIn,
} from './mongo.js';

// The Mongo half of the test harness: MONGO_URL always points at a server that answers (a
// real one when given, otherwise the stand-in the global setup started).

describe('MONGO_URL in the test environment', () => {
  it('points at a MongoDB server that answers', async () => {
    const url = process.env.MONGO_URL as string;
    expect(url).toMatch(/^mongodb(\+srv)?:\/\//);
    if (process.env[MONGO_STAND_IN_ENV] === '1')
      expect(url).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?serverMonitoringMode=poll$/);
    const connection = await mongoose
      .createConnection(url, { dbName: 'cqrs_ddd_harness' })
      .asPromise();
    try {
      const ping = await connection.db?.admin().ping();
      expect(ping?.ok).toBe(1);
    } finally {
      await connection.close();
    }
  });
});

describe('MongoDB stand-in', () => {
  let standIn: MongoStandInHandle;
  let connection: Connection;

  beforeAll(async () => {
    standIn = await startMongoStandIn();
    connection = await mongoose.createConnection(standIn.url, { dbName: 'harness' }).asPromise();
  }, 30_000);

  afterAll(async () => {
    await connection?.close();
    await standIn?.stop();
  });

  it('starts on a free port of its own within seconds', () => {
    expect(standIn.url).not.toBe(process.env.MONGO_URL);
    expect(standIn.startMs).toBeLessThan(5_000);
  });

  it('serves mongoose: conditional updates and upserts on a non-_id key', async () => {
    const collection = connection.collection('checks');
    await collection.updateOne({ key: 'k' }, { $setOnInsert: { n: 1 } }, { upsert: true });
    await collection.updateOne({ key: 'k' }, { $setOnInsert: { n: 2 } }, { upsert: true });
    const result = await collection.updateOne({ key: 'k', n: { $lt: 5 } }, { $inc: { n: 10 } });
    expect(result.modifiedCount).toBe(1);
    await expect(
      collection.find({ key: 'k' }, { projection: { _id: 0 } }).toArray(),
    ).resolves.toEqual([{ key: 'k', n: 11 }]);
  });
});

describe('redactMongoUrl', () => {
  it('hides passwords and keeps the rest', () => {
    expect(redactMongoUrl('mongodb://app:s3cret@db1:27017,db2:27017/x?replicaSet=rs0')).toBe(
      'mongodb://app:***@db1:27017,db2:27017/x?replicaSet=rs0',
    );
    expect(redactMongoUrl('mongodb://127.0.0.1:27017')).toBe('mongodb://127.0.0.1:27017');
  });
});
