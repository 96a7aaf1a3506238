import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logPosition, ValidationError } from '@cqrs-ddd/core';
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

describe('Postgres read store batch access (getMany, upsertMany)', () => {
  type Thing = { id: string; n: number };
  const at = (n: number) => logPosition(n, n);

  it('reads and writes documents of several tenants in one call each, tenants apart', async () => {
    const { schema, dispose } = await freshSchema();
    try {
      const store = new PostgresReadModelStore(em(), { schema });
      await expect(
        store.upsertMany<Thing>('things', [
          { tenantId: 'b', id: 'x', document: { id: 'x', n: 2 }, position: at(2) },
          { tenantId: 'a', id: 'x', document: { id: 'x', n: 1 }, position: at(1) },
          { tenantId: 'a', id: 'y', document: { id: 'y', n: 3 }, position: at(3) },
        ]),
      ).resolves.toBe(3);
      await store.upsertMany<Thing>('other', [
        { tenantId: 'a', id: 'z', document: { id: 'z', n: 9 }, position: at(9) },
      ]);
      await store.collection<Thing>('things', { tenantId: 'a' }).delete('y', { position: at(4) });
      const found = await store.getMany<Thing>('things', [
        { tenantId: 'a', id: 'x' },
        { tenantId: 'a', id: 'y' },
        { tenantId: 'a', id: 'z' },
        { tenantId: 'b', id: 'x' },
        { tenantId: 'c', id: 'x' },
      ]);
      expect(found.sort((p, q) => p.tenantId.localeCompare(q.tenantId))).toEqual([
        { tenantId: 'a', id: 'x', document: { id: 'x', n: 1 } },
        { tenantId: 'b', id: 'x', document: { id: 'x', n: 2 } },
      ]);
      await expect(store.getMany('things', [])).resolves.toEqual([]);
      await expect(store.collection<Thing>('things', { tenantId: 'b' }).get('x')).resolves.toEqual({
        id: 'x',
        n: 2,
      });
    } finally {
      await dispose();
    }
  });

  it('is idempotent by position: a replayed or older write changes nothing', async () => {
    const { schema, dispose } = await freshSchema();
    try {
      const store = new PostgresReadModelStore(em(), { schema });
      const writes = [
        { tenantId: 'a', id: 'x', document: { id: 'x', n: 5 }, position: at(5) },
        { tenantId: 'a', id: 'y', document: { id: 'y', n: 5 }, position: at(5) },
      ];
      await expect(store.upsertMany<Thing>('things', writes)).resolves.toBe(2);
      await expect(store.upsertMany<Thing>('things', writes)).resolves.toBe(0);
      await expect(
        store.upsertMany<Thing>('things', [
          { tenantId: 'a', id: 'x', document: { id: 'x', n: 4 }, position: at(4) },
          { tenantId: 'a', id: 'y', document: { id: 'y', n: 6 }, position: at(6) },
        ]),
      ).resolves.toBe(1);
      const docs = store.collection<Thing>('things', { tenantId: 'a' });
      await expect(docs.get('x')).resolves.toEqual({ id: 'x', n: 5 });
      await expect(docs.get('y')).resolves.toEqual({ id: 'y', n: 6 });
      // The single-document guard sees the batch's positions.
      await expect(docs.upsert({ id: 'y', n: 0 }, { position: at(6) })).resolves.toBe(false);
    } finally {
      await dispose();
    }
  });

  it('rejects a batch naming a document twice, a foreign id or a bad position', async () => {
    const { schema, dispose } = await freshSchema();
    try {
      const store = new PostgresReadModelStore(em(), { schema });
      const write = { tenantId: 'a', id: 'x', document: { id: 'x', n: 1 }, position: at(1) };
      await expect(store.upsertMany<Thing>('things', [write, write])).rejects.toThrow(TypeError);
      await expect(
        store.upsertMany<Thing>('things', [{ ...write, document: { id: 'w', n: 1 } }]),
      ).rejects.toThrow(TypeError);
      await expect(
        store.upsertMany<Thing>('things', [
          { ...write, position: { transactionId: 'x', globalPosition: '1' } },
        ]),
      ).rejects.toMatchObject({ code: ValidationError.CODE });
      await expect(store.getMany('things', [{ tenantId: 'a', id: 'x' }])).resolves.toEqual([]);
    } finally {
      await dispose();
    }
  });

  it('rolls a batch back with its checkpoint', async () => {
    const { schema, dispose } = await freshSchema();
    try {
      const store = new PostgresReadModelStore(em(), { schema });
      const checkpoints = new PostgresCheckpointStore(em(), { schema });
      await expect(
        em().transactional(async () => {
          await store.upsertMany<Thing>('things', [
            { tenantId: 'a', id: 'x', document: { id: 'x', n: 1 }, position: at(1) },
            { tenantId: 'b', id: 'x', document: { id: 'x', n: 1 }, position: at(1) },
          ]);
          await checkpoints.save('p', { expected: null, next: at(1) });
          throw new Error('batch failed');
        }),
      ).rejects.toThrow('batch failed');
      await expect(
        store.getMany('things', [
          { tenantId: 'a', id: 'x' },
          { tenantId: 'b', id: 'x' },
        ]),
      ).resolves.toEqual([]);
    } finally {
      await dispose();
    }
  });
});
