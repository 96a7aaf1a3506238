import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  InMemoryReadModelStore,
  logPosition,
  type QueryOptions,
  type ReadModelBatchWrite,
  type ReadModelDocument,
  type ReadModelStore,
} from '@cqrs-ddd/core';
import {
  describeReadModelBatchAccessContract,
  describeReadModelStoreContract,
} from '@cqrs-ddd/core/testing';
import {
  createProjectionsTestSchema,
  useProjectionsTestDatabase,
} from '../testing/projections-test-schema.js';
import { PostgresReadModelStore } from './postgres-read-model.store.js';

type Doc = ReadModelDocument & Record<string, unknown>;

/** Documents whose sort keys mix types, nulls, arrays, objects and characters above U+FFFF. */
const MIXED: Doc[] = [
  { id: 'a', rank: 2, name: 'b', tags: ['x'], items: [{ n: 1 }] },
  { id: 'b', rank: '2', name: '\u{1F600}', items: [{ n: 2 }, { n: 0 }] },
  { id: 'c', rank: null, name: '\uFF01', items: [] },
  { id: 'd', name: 'B', items: [{ n: 3 }] },
  { id: 'e', rank: true, name: 'a', items: { n: 9 } },
  { id: 'f', rank: false, name: ['a'], items: [{ n: 1 }] },
  { id: 'g', rank: [1], name: { first: 'z' }, items: [{ m: 1 }] },
  { id: 'h', rank: -1.5, name: 'b', items: [{ n: 1 }] },
  { id: 'i', rank: 10, name: 'ab', items: [{ n: null }] },
  { id: 'j', rank: 'abc', name: 'b' },
  { id: 'k', rank: 2, name: 'B', items: [{ n: -1 }] },
];

describe('PostgresReadModelStore (integration)', () => {
  const db = useProjectionsTestDatabase();

  const factory = async () => {
    const { schema, drop } = await createProjectionsTestSchema(db.orm);
    return { adapter: new PostgresReadModelStore(db.orm.em, { schema }), dispose: drop };
  };
  describeReadModelStoreContract('PostgresReadModelStore', factory);
  describeReadModelBatchAccessContract('PostgresReadModelStore', factory);

  describe('queries', () => {
    let postgres: ReadModelStore;
    const memory = new InMemoryReadModelStore();
    beforeAll(async () => {
      postgres = new PostgresReadModelStore(db.orm.em, { schema: db.shared.schema });
      for (const store of [postgres, memory]) {
        const docs = store.collection<Doc>('mixed', { tenantId: 't' });
        for (const doc of MIXED) await docs.upsert(doc, { position: logPosition(1, 1) });
      }
    });

    /** Every page of `options`, read through cursors. */
    async function pages(store: ReadModelStore, options: QueryOptions<Doc>): Promise<string[][]> {
      const docs = store.collection<Doc>('mixed', { tenantId: 't' });
      const result: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await docs.find({ ...options, cursor });
        result.push(page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && result.length < 50);
      return result;
    }

    const cases: [string, QueryOptions<Doc>][] = [
      ['mixed-type key asc', { sort: [{ field: 'rank', direction: 'asc' }] }],
      ['mixed-type key desc', { sort: [{ field: 'rank', direction: 'desc' }] }],
      ['strings by code point', { sort: [{ field: 'name', direction: 'asc' }] }],
      ['any-element path (one value or null)', { sort: [{ field: 'items.n', direction: 'desc' }] }],
      ['index path', { sort: [{ field: 'items.0.n', direction: 'asc' }] }],
      ['id descending', { sort: [{ field: 'id', direction: 'desc' }] }],
      [
        'two keys within a filter',
        {
          sort: [
            { field: 'name', direction: 'desc' },
            { field: 'rank', direction: 'asc' },
          ],
          filter: { op: 'not', spec: { op: 'eq', field: 'name', value: 'a' } },
        },
      ],
    ];
    it.each(cases)('orders and pages like the in-memory store: %s', async (_, options) => {
      const expected = (await memory.collection<Doc>('mixed', { tenantId: 't' }).find(options))
        .items;
      const found = await postgres.collection<Doc>('mixed', { tenantId: 't' }).find(options);
      expect(found.items.map((doc) => doc.id)).toEqual(expected.map((doc) => doc.id));
      for (const limit of [1, 3]) {
        await expect(pages(postgres, { ...options, limit })).resolves.toEqual(
          await pages(memory, { ...options, limit }),
        );
      }
    });

    it('applies offset and the fields projection', async () => {
      const options: QueryOptions<Doc> = {
        sort: [{ field: 'rank', direction: 'asc' }],
        offset: 2,
        limit: 4,
        fields: ['name', 'items.n'],
      };
      const docs = (store: ReadModelStore) => store.collection<Doc>('mixed', { tenantId: 't' });
      const found = await docs(postgres).find(options);
      expect(found.items).toEqual((await docs(memory).find(options)).items);
      expect(found.items.length).toBe(4);
    });
  });

  describe('transactions and batches', () => {
    const write = (id: string, n: number): ReadModelBatchWrite<Doc> => ({
      tenantId: 't',
      id,
      document: { id, n },
      position: logPosition(n, n),
    });

    it('writes in the caller transaction: a rolled-back batch leaves nothing', async () => {
      const store = new PostgresReadModelStore(db.orm.em, { schema: db.shared.schema });
      await expect(
        db.orm.em.transactional(async () => {
          await store.writeMany('rolled', [write('a', 1)]);
          await store.collection<Doc>('rolled', { tenantId: 't' }).delete('b', {
            position: logPosition(2, 2),
          });
          await expect(store.getMany('rolled', [{ tenantId: 't', id: 'a' }])).resolves.toHaveLength(
            1,
          );
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await expect(
        store.getMany('rolled', [
          { tenantId: 't', id: 'a' },
          { tenantId: 't', id: 'b' },
        ]),
      ).resolves.toEqual([]);
    });

    it('writes and reads a batch of 500 documents in one statement each', async () => {
      const store = new PostgresReadModelStore(db.orm.em, { schema: db.shared.schema });
      const writes = Array.from({ length: 500 }, (_, i) => write(`doc-${i}`, i + 1));
      const getKysely = db.orm.em.getKysely.bind(db.orm.em);
      const statements: string[] = [];
      const spy = jest.spyOn(db.orm.em, 'getKysely').mockImplementation(((...args: []) => {
        const kysely = getKysely(...args);
        const executeQuery = kysely.executeQuery.bind(kysely);
        return Object.assign(Object.create(kysely) as typeof kysely, {
          executeQuery: (query: Parameters<typeof executeQuery>[0]) => {
            statements.push('sql' in query ? query.sql : 'compilable');
            return executeQuery(query);
          },
        });
      }) as typeof db.orm.em.getKysely);
      try {
        await expect(store.writeMany('batch', writes)).resolves.toBe(500);
        const found = await store.getMany<Doc>('batch', writes);
        expect(statements).toHaveLength(2);
        expect(statements[0]).toMatch(/INSERT INTO .* ON CONFLICT/s);
        expect(found).toHaveLength(500);
        expect(found.find((entry) => entry.id === 'doc-499')).toEqual({
          tenantId: 't',
          id: 'doc-499',
          document: { id: 'doc-499', n: 500 },
          position: logPosition(500, 500),
        });
      } finally {
        spy.mockRestore();
      }
    });

    it('keeps 64-bit positions exact', async () => {
      const store = new PostgresReadModelStore(db.orm.em, { schema: db.shared.schema });
      const position = logPosition('18446744073709551615', '9223372036854775808');
      await store.writeMany('big', [{ tenantId: 't', id: 'a', document: { id: 'a' }, position }]);
      const [found] = await store.getMany('big', [{ tenantId: 't', id: 'a' }]);
      expect(found.position).toEqual(position);
      await expect(
        store.collection('big', { tenantId: 't' }).upsert({ id: 'a' }, { position }),
      ).resolves.toBe(false);
    });
  });
});
