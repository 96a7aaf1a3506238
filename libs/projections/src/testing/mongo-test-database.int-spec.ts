import { describe, expect, it } from '@jest/globals';
import {
  MONGO_STAND_IN_ENV,
  createTestMongoConnection,
  describeMongoTarget,
} from './mongo-test-database.js';

describe(`createTestMongoConnection (${describeMongoTarget()})`, () => {
  it('gives each caller a database of its own and drops it on dispose', async () => {
    const [a, b] = await Promise.all([createTestMongoConnection(), createTestMongoConnection()]);
    expect(a.databaseName).toMatch(/^cqrs_ddd_test_[0-9a-f]{12}$/);
    expect(a.databaseName).not.toBe(b.databaseName);
    expect(a.connection.name).toBe(a.databaseName);
    await a.connection.collection('things').insertOne({ n: 1 });
    await expect(b.connection.collection('things').countDocuments()).resolves.toBe(0);
    await b.dispose();

    const admin = await createTestMongoConnection();
    try {
      await a.dispose();
      const listed = await admin.connection.db?.admin().listDatabases();
      const names = listed?.databases.map((database) => database.name) ?? [];
      expect(names).not.toContain(a.databaseName);
      expect(names).not.toContain(b.databaseName);
    } finally {
      await admin.dispose();
    }
  });

  it('names the server the tests run against', () => {
    expect(describeMongoTarget()).toBe(
      process.env[MONGO_STAND_IN_ENV] === '1' ? 'mongo stand-in' : 'MONGO_URL',
    );
  });

  it('refuses to run without a server URL', async () => {
    await expect(createTestMongoConnection({ url: '' })).rejects.toThrow(/MONGO_URL/);
  });
});
