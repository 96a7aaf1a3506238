import { assertWritePosition, type ReadModelDocument, ReadModelStore } from '@cqrs-ddd/core';
import {
  assertUniqueKeys,
  type FoundReadModel,
  ReadModelBatchStore,
  type ReadModelBatchWrite,
  type ReadModelKey,
} from '../read-model-batch.store.js';

/**
 * {@link ReadModelBatchStore} over any `ReadModelStore`, one port call per document: for the
 * memory driver, where a call costs no round trip. The store's own position guard makes the
 * writes idempotent.
 */
export class PortReadModelBatchStore extends ReadModelBatchStore {
  constructor(private readonly store: ReadModelStore) {
    super();
  }

  async getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<FoundReadModel<T>[]> {
    const found = await Promise.all(
      keys.map(async ({ tenantId, id }) => {
        const document = await this.store.collection<T>(collection, { tenantId }).get(id);
        return document === undefined ? undefined : { tenantId, id, document };
      }),
    );
    return found.filter((entry) => entry !== undefined);
  }

  async upsertMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number> {
    assertUniqueKeys(writes);
    let written = 0;
    for (const { tenantId, id, document, position } of sortByKey(writes)) {
      if (document.id !== id) throw new TypeError(`Document id "${document.id}" is not "${id}".`);
      const at = { position: assertWritePosition({ position }) };
      if (await this.store.collection<T>(collection, { tenantId }).upsert(document, at)) {
        written += 1;
      }
    }
    return written;
  }
}

function sortByKey<K extends ReadModelKey>(keys: readonly K[]): K[] {
  return [...keys].sort((a, b) =>
    a.tenantId === b.tenantId ? compare(a.id, b.id) : compare(a.tenantId, b.tenantId),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
