import {
  type Page,
  type QueryOptions,
  type ReadModelCollectionOptions,
  type ReadModelDocument,
  type ReadModelPatch,
  type ReadModelWriteOptions,
  type SpecInput,
  ReadModelCollection,
  applyReadModelPatch,
  assertDocumentId,
  assertWritePosition,
  normalizeQueryOptions,
  toPage,
  toSpecification,
  toStoredDocument,
} from '@cqrs-ddd/core';
import { encodeMongoLogPosition } from './mongo-log-position.js';
import type { MongoReadModelCollections } from './mongo-read-model.collections.js';
import { findPipeline, liveDocumentsFilter } from './mongo-read-model.query.js';
import { type MongoReadModelRecord, positionedWrite } from './mongo-read-model.record.js';

/**
 * One tenant's view of a read-model collection in MongoDB (see `MongoReadModelStore`). Every
 * write is conditional on the stored position, so it needs no transaction and a replayed
 * write is a no-op.
 */
export class MongoReadModelCollection<T extends ReadModelDocument> extends ReadModelCollection<T> {
  constructor(
    name: string,
    options: ReadModelCollectionOptions,
    private readonly collections: MongoReadModelCollections,
  ) {
    super(name, options);
  }

  async get(id: string): Promise<T | undefined> {
    assertDocumentId(id);
    const record = await this.collections
      .get(this.name)
      .findOne({ tenantId: this.tenantId(), id }, { projection: { _id: 0, doc: 1 } });
    return (record?.doc ?? undefined) as T | undefined;
  }

  async find(options?: QueryOptions<T>): Promise<Page<T>> {
    const query = normalizeQueryOptions(options);
    const match = liveDocumentsFilter(this.tenantId(), query.filter, query.after);
    const rows = await this.collections
      .get(this.name)
      .aggregate<Pick<MongoReadModelRecord, 'doc'>>(findPipeline(match, query))
      .toArray();
    return toPage(
      rows.map((row) => row.doc as T),
      query,
    );
  }

  async count(filter?: SpecInput): Promise<number> {
    const spec = filter === undefined ? undefined : toSpecification(filter);
    return this.collections
      .get(this.name)
      .countDocuments(liveDocumentsFilter(this.tenantId(), spec));
  }

  async upsert(document: T, options: ReadModelWriteOptions): Promise<boolean> {
    const pos = encodeMongoLogPosition(assertWritePosition(options));
    const stored = toStoredDocument(document);
    const tenantId = this.tenantId();
    const collection = await this.collections.forWriting(this.name);
    const result = await collection.bulkWrite(positionedWrite(tenantId, stored.id, stored, pos), {
      ordered: true,
    });
    return result.upsertedCount + result.modifiedCount > 0;
  }

  /**
   * Reads the document, applies the patch and writes the result only if the record still holds
   * the position read (compare-and-swap); a concurrent writer makes it read and patch again, so
   * a patch function may run more than once.
   */
  async update(
    id: string,
    patch: ReadModelPatch<T>,
    options: ReadModelWriteOptions,
  ): Promise<boolean> {
    assertDocumentId(id);
    const pos = encodeMongoLogPosition(assertWritePosition(options));
    const tenantId = this.tenantId();
    const collection = await this.collections.forWriting(this.name);
    for (;;) {
      const record = await collection.findOne(
        { tenantId, id },
        { projection: { _id: 0, doc: 1, pos: 1 } },
      );
      if (!record?.doc || record.pos >= pos) return false;
      const next = applyReadModelPatch(record.doc as T, patch);
      const swapped = await collection.updateOne(
        { tenantId, id, pos: record.pos },
        { $set: { doc: next, pos } },
      );
      if (swapped.matchedCount > 0) return true;
    }
  }

  async delete(id: string, options: ReadModelWriteOptions): Promise<boolean> {
    assertDocumentId(id);
    const pos = encodeMongoLogPosition(assertWritePosition(options));
    const tenantId = this.tenantId();
    const collection = await this.collections.forWriting(this.name);
    const tombstone = () =>
      collection.findOneAndUpdate(
        { tenantId, id, pos: { $lt: pos } },
        { $set: { doc: null, pos } },
        { returnDocument: 'before', projection: { _id: 0, pos: 1, 'doc.id': 1 } },
      );
    const replaced = await tombstone();
    if (replaced) return replaced.doc?.id !== undefined;
    // No older record: record the tombstone if there is no record at all; if one appeared
    // meanwhile, it exists now, so a second conditional replace settles it.
    const inserted = await collection.updateOne(
      { tenantId, id },
      { $setOnInsert: { doc: null, pos } },
      { upsert: true },
    );
    if (inserted.upsertedCount > 0) return false;
    const raced = await tombstone();
    return raced?.doc?.id !== undefined;
  }

  async deleteAll(): Promise<void> {
    await this.collections.get(this.name).deleteMany({ tenantId: this.tenantId() });
  }
}
