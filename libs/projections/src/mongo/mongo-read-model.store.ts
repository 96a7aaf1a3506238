import {
  type ReadModelBatchAccess,
  type ReadModelBatchWrite,
  type ReadModelCollection,
  type ReadModelCollectionOptions,
  type ReadModelDocument,
  type ReadModelKey,
  type StoredReadModel,
  ReadModelStore,
  assertBatchWrites,
  assertCollectionName,
  assertDocumentId,
} from '@cqrs-ddd/core';
import type { Connection } from 'mongoose';
import { anyOf } from './mongo-filter.js';
import { decodeMongoLogPosition, encodeMongoLogPosition } from './mongo-log-position.js';
import { MongoReadModelCollection } from './mongo-read-model.collection.js';
import { MongoReadModelCollections } from './mongo-read-model.collections.js';
import { positionedWrite } from './mongo-read-model.record.js';

/** Options of {@link MongoReadModelStore}. */
export interface MongoReadModelStoreOptions {
  /**
   * Prefix of the MongoDB collection of each read-model collection (letters, digits, `_`).
   * @default 'rm_'
   */
  readonly collectionPrefix?: string;
}

/**
 * {@link ReadModelStore} on MongoDB (through a mongoose `Connection`), with batch access for
 * projections.
 *
 * Each read-model collection is a MongoDB collection `<prefix><name>` of records
 * `{ _id: ObjectId, tenantId, id, doc, pos }`: `doc` is the JSON document (`null` for a
 * delete's tombstone), `pos` the position of the last write applied as sortable text, and a
 * unique index on `{ tenantId, id }` (created on first write) keeps one record per document.
 * Every write is conditional on `pos`, so writes are idempotent by position without
 * transactions — also on a sharded cluster (shard on `{ tenantId, id }`).
 *
 * Filters compile to MongoDB queries with exactly `evaluate`'s meaning (`compileSpecToMongo`);
 * pages are read with one aggregation (filter, keyset cursor, sort with the `id` tie-breaker,
 * offset, limit) and projected like the in-memory store.
 */
export class MongoReadModelStore extends ReadModelStore implements ReadModelBatchAccess {
  private readonly collections: MongoReadModelCollections;

  constructor(connection: Connection, options: MongoReadModelStoreOptions = {}) {
    super();
    this.collections = new MongoReadModelCollections(connection, options.collectionPrefix ?? 'rm_');
  }

  collection<T extends ReadModelDocument>(
    name: string,
    options: ReadModelCollectionOptions,
  ): ReadModelCollection<T> {
    return new MongoReadModelCollection<T>(name, options, this.collections);
  }

  async dropCollection(name: string): Promise<void> {
    await this.collections.drop(name);
  }

  async getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<StoredReadModel<T>[]> {
    const records = this.collections.get(collection);
    keys.forEach(({ id }) => assertDocumentId(id));
    if (keys.length === 0) return [];
    const idsByTenant = new Map<string, string[]>();
    for (const { tenantId, id } of keys) {
      const ids = idsByTenant.get(tenantId);
      if (ids) ids.push(id);
      else idsByTenant.set(tenantId, [id]);
    }
    const filter = anyOf(
      [...idsByTenant].map(([tenantId, ids]) => ({ tenantId, id: { $in: ids } })),
    );
    const found = await records.find(filter, { projection: { _id: 0 } }).toArray();
    return found.map((record) => ({
      tenantId: record.tenantId,
      id: record.id,
      document: record.doc as T | null,
      position: decodeMongoLogPosition(record.pos),
    }));
  }

  /** Applies the writes with one ordered `bulkWrite` (two conditional updates per write). */
  async writeMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number> {
    assertCollectionName(collection);
    const checked = assertBatchWrites(writes);
    if (checked.length === 0) return 0;
    const operations = checked.flatMap(({ tenantId, id, document, position }) =>
      positionedWrite(tenantId, id, document, encodeMongoLogPosition(position)),
    );
    const records = await this.collections.forWriting(collection);
    const result = await records.bulkWrite(operations, { ordered: true });
    return result.upsertedCount + result.modifiedCount;
  }
}
