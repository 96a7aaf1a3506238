import { describe, expect, it } from '@jest/globals';
import { logPosition } from '../../domain/log-position.js';
import {
  type ReadModelStoreContractContext,
  at,
  order,
} from './read-model-store.contract-support.js';

/** Deterministic shuffle, so concurrent writes arrive out of position order. */
function shuffled<T>(values: readonly T[]): T[] {
  const result = [...values];
  let seed = 7;
  for (let i = result.length - 1; i > 0; i -= 1) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/** Idempotency by log position: older and equal writes are no-ops, deletes leave tombstones. */
export function readModelStoreIdempotencyContract(ctx: ReadModelStoreContractContext): void {
  describe('idempotency by log position', () => {
    it('ignores upserts at an older or equal position', async () => {
      const orders = ctx.open();
      await orders.upsert(order('o1', { status: 'v5' }), at(5));
      await expect(orders.upsert(order('o1', { status: 'v3' }), at(3))).resolves.toBe(false);
      await expect(orders.upsert(order('o1', { status: 'again' }), at(5))).resolves.toBe(false);
      await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'v5' }));
      await expect(orders.upsert(order('o1', { status: 'v6' }), at(6))).resolves.toBe(true);
      await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'v6' }));
    });

    it('orders positions by transactionId, then globalPosition, as 64-bit integers', async () => {
      const orders = ctx.open();
      const write = (tx: string, gp: string) =>
        orders.upsert(order('o1', { status: `${tx}/${gp}` }), { position: logPosition(tx, gp) });
      await expect(write('10', '2')).resolves.toBe(true);
      await expect(write('9', '100')).resolves.toBe(false);
      await expect(write('10', '10')).resolves.toBe(true);
      await expect(write('9007199254740993', '1')).resolves.toBe(true);
      await expect(write('9007199254740992', '5')).resolves.toBe(false);
      await expect(orders.get('o1')).resolves.toEqual(
        order('o1', { status: '9007199254740993/1' }),
      );
    });

    it('ignores updates and deletes at an older or equal position', async () => {
      const orders = ctx.open();
      await orders.upsert(order('o1'), at(5));
      await expect(orders.update('o1', { status: 'old' }, at(4))).resolves.toBe(false);
      await expect(orders.update('o1', { status: 'same' }, at(5))).resolves.toBe(false);
      await expect(orders.delete('o1', at(5))).resolves.toBe(false);
      await expect(orders.get('o1')).resolves.toEqual(order('o1'));
      await expect(orders.update('o1', { status: 'new' }, at(6))).resolves.toBe(true);
      await expect(orders.update('o1', { status: 'newer' }, at(6))).resolves.toBe(false);
      await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'new' }));
    });

    it('keeps a tombstone: a redelivered older upsert does not resurrect a deleted document', async () => {
      const orders = ctx.open();
      await orders.upsert(order('o1'), at(1));
      await orders.delete('o1', at(2));
      await expect(orders.upsert(order('o1'), at(1))).resolves.toBe(false);
      await expect(orders.upsert(order('o1'), at(2))).resolves.toBe(false);
      await expect(orders.get('o1')).resolves.toBeUndefined();
      await expect(orders.count()).resolves.toBe(0);
      await expect(orders.upsert(order('o1', { status: 'back' }), at(3))).resolves.toBe(true);
      await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'back' }));
    });

    it('records a tombstone even when deleting an absent document', async () => {
      const orders = ctx.open();
      await expect(orders.delete('o1', at(5))).resolves.toBe(false);
      await expect(orders.upsert(order('o1'), at(4))).resolves.toBe(false);
      await expect(orders.upsert(order('o1'), at(6))).resolves.toBe(true);
    });

    it('leaves the same state when a sequence of writes is replayed', async () => {
      const orders = ctx.open();
      const writes = [
        () => orders.upsert(order('o1'), at(1)),
        () => orders.upsert(order('o2'), at(2)),
        () => orders.update('o1', { status: 'confirmed' }, at(3)),
        () => orders.update('o1', (d) => ({ ...d, total: d.total + 1 }), at(4)),
        () => orders.delete('o2', at(5)),
      ];
      for (const write of writes) await write();
      const before = await orders.find();
      const replayed: boolean[] = [];
      for (const write of writes) replayed.push(await write());
      expect(replayed).toEqual([false, false, false, false, false]);
      await expect(orders.find()).resolves.toEqual(before);
      expect(before.items).toEqual([order('o1', { status: 'confirmed', total: 11 })]);
    });

    it('keeps the highest position among concurrent upserts of one document', async () => {
      const orders = ctx.open();
      const positions = shuffled(Array.from({ length: 20 }, (_, i) => i + 1));
      const results = await Promise.all(
        positions.map((n) => orders.upsert(order('o1', { status: `v${n}` }), at(n))),
      );
      expect(results[positions.indexOf(20)]).toBe(true);
      await expect(orders.get('o1')).resolves.toEqual(order('o1', { status: 'v20' }));
    });

    it('keeps the highest position among concurrent updates of one document', async () => {
      const orders = ctx.open();
      await orders.upsert(order('o1'), at(1));
      const positions = shuffled(Array.from({ length: 20 }, (_, i) => i + 2));
      const results = await Promise.all(
        positions.map((n) => orders.update('o1', (d) => ({ ...d, lastPosition: n }), at(n))),
      );
      expect(results[positions.indexOf(21)]).toBe(true);
      await expect(orders.get('o1')).resolves.toEqual(order('o1', { lastPosition: 21 }));
    });

    it('applies concurrent writes to different documents', async () => {
      const orders = ctx.open();
      const ids = Array.from({ length: 40 }, (_, i) => `o${String(i).padStart(2, '0')}`);
      const results = await Promise.all(ids.map((id, i) => orders.upsert(order(id), at(i + 1))));
      expect(results.every(Boolean)).toBe(true);
      await expect(orders.count()).resolves.toBe(40);
    });

    it('forgets positions on deleteAll, so a rebuild can replay from the start', async () => {
      const orders = ctx.open();
      await orders.upsert(order('o1'), at(10));
      await orders.delete('o2', at(11));
      await orders.deleteAll();
      await expect(orders.count()).resolves.toBe(0);
      await expect(orders.upsert(order('o1', { status: 'rebuilt' }), at(1))).resolves.toBe(true);
      await expect(orders.upsert(order('o2'), at(2))).resolves.toBe(true);
      await expect(orders.count()).resolves.toBe(2);
    });
  });
}
