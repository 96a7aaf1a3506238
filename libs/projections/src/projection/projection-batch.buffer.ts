import {
  InMemoryReadModelStore,
  type LogPosition,
  logPositionsEqual,
  type ReadModelBatchAccess,
  type ReadModelBatchWrite,
  type ReadModelCollection,
  type ReadModelDocument,
  type ReadModelKey,
  type ReadModelStore,
} from '@cqrs-ddd/core';
import { BufferedReadModelCollection } from './buffered-read-model.collection.js';

/** A read-model store a projection can batch over. */
export type BatchableReadModelStore = ReadModelStore & ReadModelBatchAccess;

/**
 * One batch's working copy of a collection: documents are read from the real store once (at
 * their stored positions, tombstones included) into an in-memory scratch store, handlers change
 * the scratch, and {@link flush} writes back every document whose position moved, in one
 * position-guarded `writeMany`. Because the scratch starts at the stored positions, replaying
 * events already folded into the store changes nothing.
 */
export class ProjectionBatchBuffer {
  private readonly scratch = new InMemoryReadModelStore();
  /** Stored position (or `null`: no document) of every key loaded, by `keyOf`. */
  private readonly loaded = new Map<string, { key: ReadModelKey; position: LogPosition | null }>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly collections = new Map<string, ReadModelCollection<ReadModelDocument>>();

  constructor(
    private readonly store: BatchableReadModelStore,
    private readonly collectionName: string,
  ) {}

  /** Loads the documents of `keys` not loaded yet, in one `getMany`. */
  async load(keys: readonly ReadModelKey[]): Promise<void> {
    const missing = new Map<string, ReadModelKey>();
    for (const key of keys) {
      const id = keyOf(key);
      if (!this.loaded.has(id) && !this.loading.has(id)) missing.set(id, key);
    }
    const pending = keys.flatMap((key) => this.loading.get(keyOf(key)) ?? []);
    if (missing.size > 0) {
      const fetch = this.fetch([...missing.values()]);
      for (const id of missing.keys()) this.loading.set(id, fetch);
      pending.push(fetch);
    }
    await Promise.all(pending);
  }

  /** The tenant's buffered view of the collection, for handlers (one per tenant and batch). */
  collection<T extends ReadModelDocument>(tenantId: string): ReadModelCollection<T> {
    let collection = this.collections.get(tenantId);
    if (!collection) {
      collection = new BufferedReadModelCollection(this.collectionName, tenantId, {
        scratch: this.scratch.collection(this.collectionName, { tenantId }),
        real: this.store.collection(this.collectionName, { tenantId }),
        load: (id) => this.load([{ tenantId, id }]),
      });
      this.collections.set(tenantId, collection);
    }
    // Documents are JSON: the handler picks the type it reads them as.
    return collection as unknown as ReadModelCollection<T>;
  }

  /** Writes every changed document (or tombstone) in one `writeMany`; resolves to the count applied. */
  async flush(): Promise<number> {
    const keys = [...this.loaded.values()].map(({ key }) => key);
    if (keys.length === 0) return 0;
    const current = await this.scratch.getMany(this.collectionName, keys);
    const writes: ReadModelBatchWrite<ReadModelDocument>[] = current.filter(
      (entry) => !logPositionsEqual(entry.position, this.loaded.get(keyOf(entry))?.position),
    );
    return writes.length === 0 ? 0 : this.store.writeMany(this.collectionName, writes);
  }

  private async fetch(keys: readonly ReadModelKey[]): Promise<void> {
    try {
      const stored = await this.store.getMany(this.collectionName, keys);
      await this.scratch.writeMany(this.collectionName, stored);
      for (const key of keys) this.loaded.set(keyOf(key), { key, position: null });
      for (const { tenantId, id, position } of stored) {
        this.loaded.set(keyOf({ tenantId, id }), { key: { tenantId, id }, position });
      }
    } finally {
      for (const key of keys) this.loading.delete(keyOf(key));
    }
  }
}

function keyOf({ tenantId, id }: ReadModelKey): string {
  return JSON.stringify([tenantId, id]);
}
