import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logPosition } from '@cqrs-ddd/core';
import {
  describeCheckpointStoreContract,
  describeReadModelStoreContract,
} from '@cqrs-ddd/core/testing';
import { MikroORM, type SqlEntityManager } from '@mikro-orm/postgresql';
import { PostgresCheckpointStore } from './postgres-checkpoint.store.js';
import { PostgresReadModelStore } from './postgres-read-model.store.js';
import { migrateReadStore } from './read-store-schema.js';

let orm: MikroORM;
const em = () => orm.em as SqlEntityManager;

beforeAll(async () => {
  orm = await MikroORM.init({
    clientUrl: process.env.DATABASE_URL,
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
});

afterAll(async () => {
  await orm.close();
});

/** A fresh schema with the read store's tables, dropped after the test. */
async function freshSchema(): Promise<{ schema: string; dispose(): Promise<void> }> {
  const schema = `rs_${randomBytes(5).toString('hex')}`;
  await migrateReadStore(em(), { schema });
  return {
    schema,
    dispose: async () => {
      await em().execute(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
}

describeReadModelStoreContract('postgres (reference app)', async () => {
  const { schema, dispose } = await freshSchema();
  return { adapter: new PostgresReadModelStore(em(), { schema }), dispose };
});

describeCheckpointStoreContract('postgres (reference app)', async () => {
  const { schema, dispose } = await freshSchema();
  return { adapter: new PostgresCheckpointStore(em(), { schema }), dispose };
});

describe('Postgres read store transactions', () => {
  it('rolls read-model writes and the checkpoint back together', async () => {
    const { schema, dispose } = await freshSchema();
    try {
      const store = new PostgresReadModelStore(em(), { schema });
      const checkpoints = new PostgresCheckpointStore(em(), { schema });
      const docs = store.collection<{ id: string; n: number }>('things', { tenantId: 't' });
      const at = { position: logPosition(10, 1) };
      await expect(
        em().transactional(async () => {
          await docs.upsert({ id: 'a', n: 1 }, at);
          await checkpoints.save('p', { expected: null, next: at.position });
          throw new Error('batch failed');
        }),
      ).rejects.toThrow('batch failed');
      await expect(docs.get('a')).resolves.toBeUndefined();
      await expect(checkpoints.load('p')).resolves.toBeNull();
    } finally {
      await dispose();
    }
  });

  it('migrates idempotently, also when instances start together', async () => {
    const schema = `rs_${randomBytes(5).toString('hex')}`;
    try {
      await Promise.all([1, 2, 3].map(() => migrateReadStore(em(), { schema })));
      await migrateReadStore(em(), { schema });
      const store = new PostgresReadModelStore(em(), { schema });
      const docs = store.collection<{ id: string }>('things', { tenantId: 't' });
      await expect(docs.upsert({ id: 'a' }, { position: logPosition(1, 1) })).resolves.toBe(true);
    } finally {
      await em().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});
