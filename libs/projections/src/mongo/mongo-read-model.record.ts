import type { ReadModelDocument } from '@cqrs-ddd/core';
import type { mongo } from 'mongoose';
import type { MongoFilter } from './mongo-filter.js';

/**
 * How a read-model document lives in MongoDB: one record per tenant and id, keyed by a unique
 * index on `{ tenantId, id }` (Mongo's own `_id` stays an ObjectId).
 */
export interface MongoReadModelRecord {
  readonly _id?: mongo.ObjectId;
  readonly tenantId: string;
  readonly id: string;
  /** The document as JSON; `null` for a delete's tombstone. */
  readonly doc: ReadModelDocument | null;
  /** Position of the last write applied, as `encodeMongoLogPosition` text. */
  readonly pos: string;
}

/** The unique key of read-model records. */
export const READ_MODEL_KEY_INDEX = { tenantId: 1, id: 1 } as const;

/** Records holding a document (not a tombstone). */
export function liveRecords(): MongoFilter {
  return { doc: { $ne: null } };
}

/**
 * The two updates, for one ordered `bulkWrite`, that store `doc` at `pos` unless the record
 * already holds a position at or after it — without transactions, and idempotently, so a
 * replayed event changes nothing:
 * 1. insert the record if there is none (upsert on the key, values in `$setOnInsert`);
 * 2. otherwise replace it if its position is older (the update's filter is the guard).
 * Whatever writers interleave, each step is atomic on its record, so the highest position
 * wins. On MongoDB the unique key index turns a racing second insert into a match (the server
 * retries such upserts); the stand-in runs each command atomically. Exactly one of the two
 * counts when the write applies: `upsertedCount + modifiedCount`.
 */
export function positionedWrite(
  tenantId: string,
  id: string,
  doc: ReadModelDocument | null,
  pos: string,
): mongo.AnyBulkWriteOperation<MongoReadModelRecord>[] {
  return [
    {
      updateOne: { filter: { tenantId, id }, update: { $setOnInsert: { doc, pos } }, upsert: true },
    },
    { updateOne: { filter: { tenantId, id, pos: { $lt: pos } }, update: { $set: { doc, pos } } } },
  ];
}
