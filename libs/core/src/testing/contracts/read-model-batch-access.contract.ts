import { describe, expect, it } from '@jest/globals';
import { logPosition } from '../../domain/log-position.js';
import type {
  ReadModelBatchAccess,
  ReadModelBatchWrite,
} from '../../ports/read-model-batch-access.port.js';
import type { ReadModelStore } from '../../ports/read-model-store.port.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';
import {
  type ContractOrder,
  at,
  expectValidationError,
  order,
  useReadModelStore,
} from './read-model-store.contract-support.js';

/** What `describeReadModelBatchAccessContract` needs per test: a store with batch access. */
export type ReadModelBatchAccessContractSubject = ContractSubject<
  ReadModelStore & ReadModelBatchAccess
>;

const write = (
  tenantId: string,
  id: string,
  n: number,
  document: ContractOrder | null = order(id, { total: n }),
): ReadModelBatchWrite<ContractOrder> => ({
  tenantId,
  id,
  document,
  position: logPosition(n, n),
});

/**
 * The behaviour of `ReadModelBatchAccess` on a `ReadModelStore`: batch reads return documents
 * and tombstones with their positions, batch writes obey the same position guard as single
 * writes, stay within their tenant and are visible through collection handles.
 *
 * ```ts
 * describeReadModelBatchAccessContract('postgres', async () => ({ adapter: await storeOnFreshSchema() }));
 * ```
 */
export function describeReadModelBatchAccessContract(
  name: string,
  factory: ContractFactory<ReadModelBatchAccessContractSubject>,
): void {
  describe(`ReadModelBatchAccess contract: ${name}`, () => {
    const ctx = useReadModelStore(factory as ContractFactory<ContractSubject<ReadModelStore>>);
    const batch = () => ctx.store as ReadModelStore & ReadModelBatchAccess;

    it('writes documents of several tenants that collection handles then read', async () => {
      const applied = await batch().writeMany(ctx.collectionName, [
        write('tenant-b', 'o1', 3),
        write('tenant-a', 'o1', 2),
        write('tenant-a', 'o2', 4),
      ]);
      expect(applied).toBe(3);
      await expect(ctx.open('tenant-a').get('o1')).resolves.toEqual(order('o1', { total: 2 }));
      await expect(ctx.open('tenant-b').get('o1')).resolves.toEqual(order('o1', { total: 3 }));
      await expect(ctx.open('tenant-b').get('o2')).resolves.toBeUndefined();
    });

    it('reads back documents and tombstones with their positions; unknown keys are left out', async () => {
      const orders = ctx.open('tenant-a');
      await orders.upsert(order('o1'), at(5));
      await orders.upsert(order('o2'), at(6));
      await orders.delete('o2', at(7));
      const found = await batch().getMany<ContractOrder>(ctx.collectionName, [
        { tenantId: 'tenant-a', id: 'o1' },
        { tenantId: 'tenant-a', id: 'o2' },
        { tenantId: 'tenant-a', id: 'missing' },
        { tenantId: 'tenant-b', id: 'o1' },
      ]);
      const byId = new Map(found.map((entry) => [entry.id, entry]));
      expect(found).toHaveLength(2);
      expect(byId.get('o1')).toEqual({
        tenantId: 'tenant-a',
        id: 'o1',
        document: order('o1'),
        position: logPosition(5, 5),
      });
      expect(byId.get('o2')).toEqual({
        tenantId: 'tenant-a',
        id: 'o2',
        document: null,
        position: logPosition(7, 7),
      });
      await expect(batch().getMany(ctx.collectionName, [])).resolves.toEqual([]);
    });

    it('skips writes whose position is not newer than the stored one (replays change nothing)', async () => {
      await batch().writeMany(ctx.collectionName, [write('tenant-a', 'o1', 5)]);
      const applied = await batch().writeMany(ctx.collectionName, [
        write('tenant-a', 'o1', 5, order('o1', { total: 99 })),
        write('tenant-a', 'o2', 1),
      ]);
      expect(applied).toBe(1);
      await expect(ctx.open().get('o1')).resolves.toEqual(order('o1', { total: 5 }));
      await batch().writeMany(ctx.collectionName, [write('tenant-a', 'o1', 4, order('o1'))]);
      await expect(ctx.open().get('o1')).resolves.toEqual(order('o1', { total: 5 }));
    });

    it('deletes with a null document, leaving a tombstone that blocks older writes', async () => {
      await batch().writeMany(ctx.collectionName, [write('tenant-a', 'o1', 1)]);
      await batch().writeMany(ctx.collectionName, [write('tenant-a', 'o1', 3, null)]);
      await expect(ctx.open().get('o1')).resolves.toBeUndefined();
      await expect(ctx.open().upsert(order('o1'), at(2))).resolves.toBe(false);
      await expect(ctx.open().count()).resolves.toBe(0);
      await batch().writeMany(ctx.collectionName, [write('tenant-a', 'o1', 4)]);
      await expect(ctx.open().get('o1')).resolves.toEqual(order('o1', { total: 4 }));
    });

    it('rejects a batch naming a document twice, or a document whose id differs, writing nothing', async () => {
      await expectValidationError(
        batch().writeMany(ctx.collectionName, [
          write('tenant-a', 'o1', 1),
          write('tenant-a', 'o1', 2),
        ]),
        'writes[1]',
      );
      await expectValidationError(
        batch().writeMany(ctx.collectionName, [
          write('tenant-a', 'o2', 1),
          write('tenant-a', 'o1', 2, order('other')),
        ]),
        'writes[1].document.id',
      );
      await expectValidationError(
        batch().writeMany(ctx.collectionName, [write('', 'o1', 1)]),
        'writes[0].tenantId',
      );
      await expect(ctx.open().count()).resolves.toBe(0);
    });

    it('resolves 0 for an empty batch and rejects bad collection names', async () => {
      await expect(batch().writeMany(ctx.collectionName, [])).resolves.toBe(0);
      await expectValidationError(batch().writeMany('bad name', []), 'collection');
    });
  });
}
