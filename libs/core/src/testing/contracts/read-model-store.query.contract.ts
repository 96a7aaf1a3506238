import { describe, expect, it } from '@jest/globals';
import type { ReadModelCollection } from '../../ports/read-model-store.port.js';
import type { QueryOptions, SortField } from '../../specification/query-options.js';
import { where } from '../../specification/spec.builder.js';
import { readPages } from './contract-helpers.js';
import {
  type ContractOrder,
  type ReadModelStoreContractContext,
  at,
  expectValidationError,
  idsOf,
  order,
} from './read-model-store.contract-support.js';
import {
  SPECIFICATION_FIXTURE,
  SPECIFICATION_SEMANTICS_CASES,
} from './specification-semantics.cases.js';

type Orders = ReadModelCollection<ContractOrder>;

/** Every page of `find(options)`, from `options.cursor` on. */
function allPages(orders: Orders, options: QueryOptions<ContractOrder>) {
  return readPages((cursor) => orders.find({ ...options, cursor }), options.cursor);
}

/** 23 orders with many ties on `rank` and `group`, some ranks null or missing. */
async function seedTies(orders: Orders): Promise<void> {
  await Promise.all(
    Array.from({ length: 23 }, (_, i) => {
      const rank = i % 7 === 0 ? null : i % 5 === 0 ? undefined : i % 4;
      const document = order(`o${String((i * 37) % 23).padStart(2, '0')}`, {
        group: i % 2 === 0 ? 'even' : 'odd',
        total: i,
        ...(rank === undefined ? {} : { rank }),
      });
      return orders.upsert(document, at(i + 1));
    }),
  );
}

/** Filter semantics, sorting, cursor pagination, projection and counting. */
export function readModelStoreQueryContract(ctx: ReadModelStoreContractContext): void {
  describe('filter semantics (shared table)', () => {
    it.each(SPECIFICATION_SEMANTICS_CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const documents = ctx.open<(typeof SPECIFICATION_FIXTURE)[number]>();
      await Promise.all(SPECIFICATION_FIXTURE.map((d) => documents.upsert(d, at(1))));
      const { items, nextCursor } = await documents.find({ filter: c.spec });
      expect(idsOf(items)).toEqual(c.expected);
      expect(nextCursor).toBeNull();
      await expect(documents.count(c.spec)).resolves.toBe(c.expected.length);
    });
  });

  describe('sort and pagination', () => {
    it('orders by id when no sort is given', async () => {
      const orders = ctx.open();
      for (const id of ['b', 'c', 'a', 'B', '10', '9']) await orders.upsert(order(id), at(1));
      expect(idsOf((await orders.find()).items)).toEqual(['10', '9', 'B', 'a', 'b', 'c']);
    });

    it('sorts ascending and descending, breaking ties by id ascending', async () => {
      const orders = ctx.open();
      const totals: Record<string, number> = { a: 5, b: 1, c: 5, d: 3, e: 1 };
      await Promise.all(
        Object.entries(totals).map(([id, total]) => orders.upsert(order(id, { total }), at(1))),
      );
      const sorted = async (direction: 'asc' | 'desc') =>
        idsOf((await orders.find({ sort: [{ field: 'total', direction }] })).items);
      await expect(sorted('asc')).resolves.toEqual(['b', 'e', 'd', 'a', 'c']);
      await expect(sorted('desc')).resolves.toEqual(['a', 'c', 'd', 'b', 'e']);
    });

    it('sorts by several keys, nested paths included', async () => {
      const orders = ctx.open();
      const rows = [
        order('a', { status: 'x', customer: { name: 'Cleo' } }),
        order('b', { status: 'y', customer: { name: 'Ada' } }),
        order('c', { status: 'x', customer: { name: 'Ada' } }),
        order('d', { status: 'y', customer: { name: 'Bob' } }),
      ];
      await Promise.all(rows.map((row) => orders.upsert(row, at(1))));
      const sort: SortField<ContractOrder>[] = [
        { field: 'status', direction: 'desc' },
        { field: 'customer.name', direction: 'asc' },
      ];
      expect(idsOf((await orders.find({ sort })).items)).toEqual(['b', 'd', 'c', 'a']);
    });

    it('puts null and missing first ascending and last descending', async () => {
      const orders = ctx.open();
      const rows = [
        order('a', { rank: 2 }),
        order('b', { rank: null }),
        order('c'),
        order('d', { rank: 1 }),
      ];
      await Promise.all(rows.map((row) => orders.upsert(row, at(1))));
      const sorted = async (direction: 'asc' | 'desc') =>
        idsOf((await orders.find({ sort: [{ field: 'rank', direction }] })).items);
      await expect(sorted('asc')).resolves.toEqual(['b', 'c', 'd', 'a']);
      await expect(sorted('desc')).resolves.toEqual(['a', 'd', 'b', 'c']);
    });

    const sorts: [string, SortField<ContractOrder>[]][] = [
      ['id only', []],
      ['rank asc', [{ field: 'rank', direction: 'asc' }]],
      ['rank desc', [{ field: 'rank', direction: 'desc' }]],
      [
        'group asc, rank desc',
        [
          { field: 'group', direction: 'asc' },
          { field: 'rank', direction: 'desc' },
        ],
      ],
      ['id desc', [{ field: 'id', direction: 'desc' }]],
    ];
    it.each(sorts)(
      'pages through every row exactly once by cursor (%s, with ties and nulls)',
      async (_, sort) => {
        const orders = ctx.open();
        await seedTies(orders);
        const everything = idsOf((await orders.find({ sort })).items);
        expect(everything).toHaveLength(23);
        for (const limit of [1, 5, 23]) {
          const pages = await allPages(orders, { sort, limit });
          expect(pages.flatMap((page) => idsOf(page.items))).toEqual(everything);
          expect(pages.every((page) => page.items.length <= limit)).toBe(true);
          expect(pages.at(-1)?.nextCursor).toBeNull();
          expect(pages.slice(0, -1).every((page) => typeof page.nextCursor === 'string')).toBe(
            true,
          );
        }
      },
    );

    it('pages within a filter', async () => {
      const orders = ctx.open();
      await seedTies(orders);
      const filter = where<ContractOrder>('group').eq('even');
      const sort: SortField<ContractOrder>[] = [{ field: 'rank', direction: 'asc' }];
      const pages = await allPages(orders, { filter, sort, limit: 4 });
      const expected = idsOf((await orders.find({ filter, sort })).items);
      expect(expected).toHaveLength(12);
      expect(pages.flatMap((page) => idsOf(page.items))).toEqual(expected);
    });

    it('stays stable when rows are inserted between pages', async () => {
      const orders = ctx.open();
      await Promise.all(
        [10, 20, 30, 40, 50, 60].map((total) =>
          orders.upsert(order(`o${total}`, { total }), at(1)),
        ),
      );
      const sort: SortField<ContractOrder>[] = [{ field: 'total', direction: 'asc' }];
      const first = await orders.find({ sort, limit: 3 });
      expect(idsOf(first.items)).toEqual(['o10', 'o20', 'o30']);
      await orders.upsert(order('o15', { total: 15 }), at(2));
      await orders.upsert(order('o30b', { total: 30 }), at(2));
      await orders.upsert(order('o45', { total: 45 }), at(2));
      const rest = await allPages(orders, {
        sort,
        limit: 3,
        cursor: first.nextCursor ?? undefined,
      });
      expect(rest.flatMap((page) => idsOf(page.items))).toEqual([
        'o30b',
        'o40',
        'o45',
        'o50',
        'o60',
      ]);
    });

    it('returns a null nextCursor when the last page is exactly full', async () => {
      const orders = ctx.open();
      await Promise.all(['a', 'b', 'c', 'd'].map((id) => orders.upsert(order(id), at(1))));
      const first = await orders.find({ limit: 2 });
      const second = await orders.find({ limit: 2, cursor: first.nextCursor ?? undefined });
      expect(idsOf(second.items)).toEqual(['c', 'd']);
      expect(second.nextCursor).toBeNull();
    });

    it('skips rows with offset', async () => {
      const orders = ctx.open();
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => orders.upsert(order(id), at(1))));
      const page = await orders.find({ offset: 1, limit: 2 });
      expect(idsOf(page.items)).toEqual(['b', 'c']);
      expect(
        idsOf((await orders.find({ limit: 5, cursor: page.nextCursor ?? undefined })).items),
      ).toEqual(['d', 'e']);
      await expect(orders.find({ offset: 10 })).resolves.toEqual({ items: [], nextCursor: null });
    });

    it('rejects cursors that are garbage, altered or from another query', async () => {
      const orders = ctx.open();
      await Promise.all(['a', 'b', 'c'].map((id) => orders.upsert(order(id, { total: 1 }), at(1))));
      const sort: SortField<ContractOrder>[] = [{ field: 'total', direction: 'asc' }];
      const filter = where<ContractOrder>('status').eq('pending');
      const { nextCursor } = await orders.find({ sort, filter, limit: 1 });
      const cursor = nextCursor as string;
      const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
        k: unknown[];
      };
      payload.k[payload.k.length - 1] = 'b';
      const altered = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const attempts: QueryOptions<ContractOrder>[] = [
        { sort, filter, cursor: 'not a cursor' },
        { sort, filter, cursor: Buffer.from('{"v":1}').toString('base64url') },
        { sort, filter, cursor: altered },
        { sort: [{ field: 'total', direction: 'desc' }], filter, cursor },
        { sort, cursor },
        { sort, filter: where<ContractOrder>('status').eq('other'), cursor },
      ];
      for (const options of attempts) await expectValidationError(orders.find(options), 'cursor');
      await expect(orders.find({ sort, filter, cursor })).resolves.toEqual({
        items: [order('b', { total: 1 }), order('c', { total: 1 })],
        nextCursor: null,
      });
    });

    it('rejects invalid limit and offset, and offset combined with a cursor', async () => {
      const orders = ctx.open();
      await orders.upsert(order('a'), at(1));
      await orders.upsert(order('b'), at(1));
      for (const limit of [0, -1, 1.5, Number.NaN])
        await expectValidationError(orders.find({ limit }), 'limit');
      for (const offset of [-1, 0.5])
        await expectValidationError(orders.find({ offset }), 'offset');
      const { nextCursor } = await orders.find({ limit: 1 });
      await expectValidationError(
        orders.find({ cursor: nextCursor ?? undefined, offset: 1 }),
        'offset',
      );
    });
  });

  describe('projection and count', () => {
    it('returns only the requested fields, and always the id', async () => {
      const orders = ctx.open();
      const document = order('o1', {
        customer: { name: 'Ada', city: 'Paris' },
        items: [
          { productId: 'p1', quantity: 2 },
          { productId: 'p2', quantity: 1 },
        ],
      });
      await orders.upsert(document, at(1));
      const { items } = await orders.find({
        fields: ['status', 'customer.name', 'items.productId'],
      });
      expect(items).toEqual([
        {
          id: 'o1',
          status: 'pending',
          customer: { name: 'Ada' },
          items: [{ productId: 'p1' }, { productId: 'p2' }],
        },
      ]);
    });

    it('counts all documents or those matching a filter', async () => {
      const orders = ctx.open();
      await Promise.all(
        [5, 15, 25].map((total, i) => orders.upsert(order(`o${i}`, { total }), at(1))),
      );
      await expect(orders.count()).resolves.toBe(3);
      await expect(orders.count(where<ContractOrder>('total').gt(10))).resolves.toBe(2);
      await expect(orders.count({ op: 'eq', field: 'total', value: 99 })).resolves.toBe(0);
    });
  });
}
