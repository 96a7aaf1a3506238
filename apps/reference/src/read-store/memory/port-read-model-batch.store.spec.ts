import { describe, expect, it } from '@jest/globals';
import { InMemoryReadModelStore, logPosition } from '@cqrs-ddd/core';
import { PortReadModelBatchStore } from './port-read-model-batch.store.js';

type Thing = { id: string; n: number };
const at = (n: number) => logPosition(n, n);

describe('PortReadModelBatchStore (memory driver)', () => {
  it('reads and writes documents of several tenants, tenants apart', async () => {
    const store = new InMemoryReadModelStore();
    const batch = new PortReadModelBatchStore(store);
    await expect(
      batch.upsertMany<Thing>('things', [
        { tenantId: 'b', id: 'x', document: { id: 'x', n: 2 }, position: at(2) },
        { tenantId: 'a', id: 'x', document: { id: 'x', n: 1 }, position: at(1) },
      ]),
    ).resolves.toBe(2);
    await store.collection<Thing>('things', { tenantId: 'a' }).delete('x', { position: at(3) });
    await expect(
      batch.getMany<Thing>('things', [
        { tenantId: 'a', id: 'x' },
        { tenantId: 'b', id: 'x' },
        { tenantId: 'c', id: 'x' },
      ]),
    ).resolves.toEqual([{ tenantId: 'b', id: 'x', document: { id: 'x', n: 2 } }]);
  });

  it('is idempotent by position and rejects a document named twice or a foreign id', async () => {
    const batch = new PortReadModelBatchStore(new InMemoryReadModelStore());
    const write = { tenantId: 'a', id: 'x', document: { id: 'x', n: 5 }, position: at(5) };
    await expect(batch.upsertMany<Thing>('things', [write])).resolves.toBe(1);
    await expect(batch.upsertMany<Thing>('things', [write])).resolves.toBe(0);
    await expect(
      batch.upsertMany<Thing>('things', [
        { ...write, document: { id: 'x', n: 4 }, position: at(4) },
      ]),
    ).resolves.toBe(0);
    await expect(batch.upsertMany<Thing>('things', [write, write])).rejects.toThrow(TypeError);
    await expect(
      batch.upsertMany<Thing>('things', [
        { ...write, document: { id: 'w', n: 1 }, position: at(9) },
      ]),
    ).rejects.toThrow(TypeError);
    await expect(batch.getMany<Thing>('things', [{ tenantId: 'a', id: 'x' }])).resolves.toEqual([
      { tenantId: 'a', id: 'x', document: { id: 'x', n: 5 } },
    ]);
  });
});
