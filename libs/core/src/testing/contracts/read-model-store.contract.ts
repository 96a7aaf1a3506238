import { describe, expect, it } from '@jest/globals';
import { isMissingContextError } from '../../errors/missing-context.error.js';
import { isValidationError } from '../../errors/validation.error.js';
import { rejectionOf } from './contract-helpers.js';
import type { ContractFactory } from './contract-subject.js';
import {
  type ReadModelStoreContractSubject,
  at,
  expectValidationError,
  order,
  useReadModelStore,
} from './read-model-store.contract-support.js';
import { readModelStoreIdempotencyContract } from './read-model-store.idempotency.contract.js';
import { readModelStoreQueryContract } from './read-model-store.query.contract.js';

export type { ReadModelStoreContractSubject } from './read-model-store.contract-support.js';

/**
 * The behaviour every `ReadModelStore` adapter must have: document CRUD stored as JSON,
 * idempotency by log position (with tombstones), tenant isolation, filter semantics identical
 * to the in-memory evaluator for every operator, sort and cursor pagination that returns every
 * row exactly once, projections and counts.
 *
 * ```ts
 * describeReadModelStoreContract('mongo', async () => {
 *   const store = await createMongoReadModelStore(freshDatabase());
 *   return { adapter: store, dispose: () => store.close() };
 * });
 * ```
 */
export function describeReadModelStoreContract(
  name: string,
  factory: ContractFactory<ReadModelStoreContractSubject>,
): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    const ctx = useReadModelStore(factory);

    describe('documents', () => {
      it('resolves undefined for an unknown id', async () => {
        await expect(ctx.open().get('missing')).resolves.toBeUndefined();
      });

      it('stores a document that get returns', async () => {
        const orders = ctx.open();
        const document = order('o1', { customer: { name: 'Ada', city: 'Paris' }, items: [] });
        await expect(orders.upsert(document, at(1))).resolves.toBe(true);
        await expect(orders.get('o1')).resolves.toEqual(document);
      });

      it('replaces the whole document on upsert', async () => {
        const orders = ctx.open();
        await orders.upsert(order('o1', { customer: { name: 'Ada' } }), at(1));
        await orders.upsert(order('o1', { status: 'confirmed' }), at(2));
        await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'confirmed' }));
      });

      it('stores copies: mutating inputs or results changes nothing stored', async () => {
        const orders = ctx.open();
        const document = { ...order('o1'), customer: { name: 'Ada' } };
        await orders.upsert(document, at(1));
        document.customer.name = 'changed input';
        const read = (await orders.get('o1')) as { customer: { name: string } };
        read.customer.name = 'changed result';
        const [found] = (await orders.find()).items as { customer: { name: string } }[];
        found.customer.name = 'changed page';
        await expect(orders.get('o1')).resolves.toEqual(order('o1', { customer: { name: 'Ada' } }));
      });

      it('stores documents as JSON: Dates become ISO strings, undefined properties vanish', async () => {
        const orders = ctx.open<{ id: string; at: unknown; gone?: unknown; nested: unknown }>();
        const when = new Date('2024-05-06T07:08:09.010Z');
        await orders.upsert({ id: 'o1', at: when, gone: undefined, nested: { when } }, at(1));
        const stored = await orders.get('o1');
        expect(stored).toEqual({
          id: 'o1',
          at: when.toISOString(),
          nested: { when: when.toISOString() },
        });
        expect(stored && Object.keys(stored)).not.toContain('gone');
      });

      it('merges a partial update shallowly; undefined removes a property', async () => {
        const orders = ctx.open();
        await orders.upsert(
          order('o1', { customer: { name: 'Ada', city: 'Paris' }, group: 'g' }),
          at(1),
        );
        await expect(
          orders.update(
            'o1',
            { status: 'confirmed', customer: { name: 'Bob' }, group: undefined },
            at(2),
          ),
        ).resolves.toBe(true);
        await expect(orders.get('o1')).resolves.toEqual(
          order('o1', { status: 'confirmed', customer: { name: 'Bob' } }),
        );
      });

      it('updates with a function returning the next document', async () => {
        const orders = ctx.open();
        await orders.upsert(order('o1', { total: 10 }), at(1));
        await orders.update('o1', (current) => ({ ...current, total: current.total + 5 }), at(2));
        await expect(orders.get('o1')).resolves.toEqual(order('o1', { total: 15 }));
      });

      it('updates with a function mutating its draft', async () => {
        const orders = ctx.open<{ id: string; items: { productId: string }[] }>();
        await orders.upsert({ id: 'o1', items: [] }, at(1));
        await orders.update('o1', (draft) => void draft.items.push({ productId: 'p1' }), at(2));
        await expect(orders.get('o1')).resolves.toEqual({ id: 'o1', items: [{ productId: 'p1' }] });
      });

      it('resolves false when updating a missing or deleted document, creating nothing', async () => {
        const orders = ctx.open();
        await expect(orders.update('o1', { status: 'x' }, at(1))).resolves.toBe(false);
        await orders.upsert(order('o2'), at(2));
        await orders.delete('o2', at(3));
        await expect(orders.update('o2', { status: 'x' }, at(4))).resolves.toBe(false);
        await expect(orders.count()).resolves.toBe(0);
      });

      it('rejects an update that changes the id, keeping the document', async () => {
        const orders = ctx.open();
        await orders.upsert(order('o1'), at(1));
        await expectValidationError(
          orders.update('o1', (d) => ({ ...d, id: 'o2' }), at(2)),
          'id',
        );
        await expect(orders.get('o1')).resolves.toEqual(order('o1'));
        await expect(orders.get('o2')).resolves.toBeUndefined();
      });

      it('deletes a document; deleting it again resolves false', async () => {
        const orders = ctx.open();
        await orders.upsert(order('o1'), at(1));
        await expect(orders.delete('o1', at(2))).resolves.toBe(true);
        await expect(orders.get('o1')).resolves.toBeUndefined();
        await expect(orders.delete('o1', at(3))).resolves.toBe(false);
        await expect(orders.find()).resolves.toEqual({ items: [], nextCursor: null });
      });

      it('keeps collections apart', async () => {
        const other = `${ctx.collectionName}_b`;
        await ctx.open().upsert(order('o1', { status: 'a' }), at(1));
        await ctx.open('tenant-a', other).upsert(order('o1', { status: 'b' }), at(1));
        await expect(ctx.open().get('o1')).resolves.toEqual(order('o1', { status: 'a' }));
        await expect(ctx.open('tenant-a', other).get('o1')).resolves.toEqual(
          order('o1', { status: 'b' }),
        );
      });

      it('rejects invalid ids, documents and positions with ValidationError', async () => {
        const orders = ctx.open();
        await expectValidationError(orders.get(''), 'id');
        await expectValidationError(orders.upsert(order(''), at(1)), 'id');
        await expectValidationError(orders.upsert({ status: 'x' } as never, at(1)), 'id');
        for (const position of [
          undefined,
          { transactionId: 1, globalPosition: 1 },
          { transactionId: '-1', globalPosition: '1' },
        ]) {
          await expectValidationError(
            orders.upsert(order('o1'), { position } as never),
            'position',
          );
          await expectValidationError(orders.update('o1', {}, { position } as never), 'position');
          await expectValidationError(orders.delete('o1', { position } as never), 'position');
        }
        await expect(orders.count()).resolves.toBe(0);
      });

      it('rejects invalid collection names with ValidationError', async () => {
        for (const bad of ['', '1abc', 'has space', 'semi;colon', 'a'.repeat(64)]) {
          let error: unknown;
          try {
            ctx.store.collection(bad, { tenantId: 'tenant-a' });
          } catch (caught) {
            error = caught;
          }
          expect(isValidationError(error)).toBe(true);
        }
        await expectValidationError(ctx.store.dropCollection('no-dashes'), 'collection');
      });
    });

    describe('tenant isolation', () => {
      it('keeps the same id in two tenants as two documents', async () => {
        await ctx.open('tenant-a').upsert(order('o1', { status: 'a' }), at(1));
        await ctx.open('tenant-b').upsert(order('o1', { status: 'b' }), at(1));
        await expect(ctx.open('tenant-a').get('o1')).resolves.toEqual(order('o1', { status: 'a' }));
        await expect(ctx.open('tenant-b').get('o1')).resolves.toEqual(order('o1', { status: 'b' }));
      });

      it('confines find, count, update, delete and deleteAll to the tenant', async () => {
        const [a, b] = [ctx.open('tenant-a'), ctx.open('tenant-b')];
        await Promise.all([
          a.upsert(order('o1'), at(1)),
          a.upsert(order('o2'), at(1)),
          b.upsert(order('o1'), at(1)),
        ]);
        await expect(b.find()).resolves.toEqual({ items: [order('o1')], nextCursor: null });
        await expect(b.count()).resolves.toBe(1);
        await expect(b.update('o2', { status: 'x' }, at(2))).resolves.toBe(false);
        await expect(b.delete('o2', at(2))).resolves.toBe(false);
        await b.deleteAll();
        await expect(b.count()).resolves.toBe(0);
        await expect(a.find()).resolves.toEqual({
          items: [order('o1'), order('o2')],
          nextCursor: null,
        });
      });

      it('tracks positions per tenant', async () => {
        await ctx.open('tenant-a').upsert(order('o1'), at(10));
        await expect(ctx.open('tenant-b').upsert(order('o1'), at(1))).resolves.toBe(true);
      });

      it('calls a tenant function on every operation', async () => {
        let tenant = 'tenant-a';
        const orders = ctx.store.collection<ReturnType<typeof order>>(ctx.collectionName, {
          tenantId: () => tenant,
        });
        await orders.upsert(order('o1', { status: 'a' }), at(1));
        tenant = 'tenant-b';
        await expect(orders.get('o1')).resolves.toBeUndefined();
        await orders.upsert(order('o1', { status: 'b' }), at(1));
        tenant = 'tenant-a';
        await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'a' }));
      });

      it('rejects every operation without a tenant with MissingContextError', async () => {
        for (const tenantId of [() => undefined, () => '', '']) {
          const orders = ctx.store.collection(ctx.collectionName, { tenantId });
          const attempts = [
            () => orders.get('o1'),
            () => orders.find(),
            () => orders.count(),
            () => orders.upsert(order('o1'), at(1)),
            () => orders.update('o1', {}, at(1)),
            () => orders.delete('o1', at(1)),
            () => orders.deleteAll(),
          ];
          for (const attempt of attempts) {
            expect(isMissingContextError(await rejectionOf(attempt()))).toBe(true);
          }
        }
      });

      it('drops a collection for every tenant, positions included', async () => {
        await ctx.open('tenant-a').upsert(order('o1'), at(5));
        await ctx.open('tenant-b').upsert(order('o1'), at(5));
        await ctx.store.dropCollection(ctx.collectionName);
        await expect(ctx.open('tenant-a').count()).resolves.toBe(0);
        await expect(ctx.open('tenant-b').get('o1')).resolves.toBeUndefined();
        await expect(ctx.open('tenant-a').upsert(order('o1'), at(1))).resolves.toBe(true);
      });
    });

    readModelStoreIdempotencyContract(ctx);
    readModelStoreQueryContract(ctx);
  });
}
