/**
 * The baselines: the cost of the storage alone. The log is read exactly as the processor reads
 * it (`readAll` after the last position, same batch size and type filter), and each batch's
 * documents — pre-computed before the clock starts, one per order touched, as of the batch's
 * last event of that order — are written with one raw statement per batch: a multi-row
 * `INSERT ... ON CONFLICT DO UPDATE` into a copy of the documents table (plain `pg`), or one
 * `bulkWrite` of upserts (MongoDB driver). No fold, no checkpoint, no transaction.
 */
import type { EventStore, LogPosition, StoredEvent } from '@cqrs-ddd/core';
import type { Collection } from 'mongoose';
import type pg from 'pg';
import { TENANT_ID } from './bench-orders.js';
import {
  ITEM_ADDED,
  ORDER_CREATED,
  type OrderSummary,
  orderSummaryAfter,
} from './order-summary.projection.js';

/** Stored types the projection reads (its handlers'). */
export const PROJECTION_TYPES = [ORDER_CREATED, ITEM_ADDED];

/** Summary after each event, by `<streamId>#<streamVersion>`. */
export type PrecomputedSummaries = ReadonlyMap<string, OrderSummary>;

/** One document of a baseline batch. */
export interface RawDocument {
  readonly id: string;
  readonly document: OrderSummary;
  readonly position: LogPosition;
}

function eventKey(event: StoredEvent): string {
  return `${event.streamId}#${event.streamVersion}`;
}

/** Folds the whole log once (untimed): the summary after every event. */
export async function precomputeSummaries(eventStore: EventStore): Promise<PrecomputedSummaries> {
  const summaries = new Map<string, OrderSummary>();
  const latest = new Map<string, OrderSummary>();
  let after: LogPosition | null = null;
  for (;;) {
    const events = await eventStore.readAll({ after, limit: 5_000, types: PROJECTION_TYPES });
    if (events.length === 0) return summaries;
    for (const event of events) {
      const next = orderSummaryAfter(latest.get(event.streamId), event);
      if (!next) continue;
      latest.set(event.streamId, next);
      summaries.set(eventKey(event), next);
    }
    after = events[events.length - 1]!.position;
  }
}

/**
 * Reads the log in batches of `batchSize` and hands `write` each batch's documents; resolves to
 * the seconds it took.
 */
export async function timeRawCatchUp(
  eventStore: EventStore,
  batchSize: number,
  summaries: PrecomputedSummaries,
  write: (documents: RawDocument[]) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  let after: LogPosition | null = null;
  for (;;) {
    const events = await eventStore.readAll({ after, limit: batchSize, types: PROJECTION_TYPES });
    if (events.length === 0) break;
    const byOrder = new Map<string, RawDocument>();
    for (const event of events) {
      const document = summaries.get(eventKey(event));
      if (document)
        byOrder.set(event.streamId, { id: event.streamId, document, position: event.position });
    }
    await write([...byOrder.values()]);
    after = events[events.length - 1]!.position;
  }
  return (performance.now() - started) / 1000;
}

/** Table of the PostgreSQL baseline: a copy of the library's documents table. */
export const RAW_DOCUMENTS_TABLE = 'raw_read_model_documents';

/** Creates (empty) the PostgreSQL baseline's table. */
export async function resetRawDocumentsTable(pool: pg.Pool): Promise<void> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${RAW_DOCUMENTS_TABLE} (LIKE read_model_documents INCLUDING ALL)`,
  );
  await pool.query(`TRUNCATE ${RAW_DOCUMENTS_TABLE}`);
}

/** The PostgreSQL baseline's write: one multi-row upsert on `pool`. */
export function rawPostgresWrite(pool: pg.Pool, collection: string) {
  return async (documents: RawDocument[]): Promise<void> => {
    const values: unknown[] = [collection, TENANT_ID];
    const tuples = documents.map(({ id, document, position }) => {
      const first = values.push(id, JSON.stringify(document), position.transactionId) - 2;
      values.push(position.globalPosition);
      return `($1, $2, $${first}, $${first + 1}::jsonb, $${first + 2}, $${first + 3})`;
    });
    await pool.query(
      `INSERT INTO ${RAW_DOCUMENTS_TABLE}
         (collection, tenant_id, id, document, transaction_id, global_position)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (collection, tenant_id, id) DO UPDATE
       SET document = excluded.document, transaction_id = excluded.transaction_id,
           global_position = excluded.global_position`,
      values,
    );
  };
}

/** A record of the MongoDB baseline (the store's shape: key fields, document, position text). */
export interface RawMongoRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly doc: OrderSummary;
  readonly pos: string;
}

/** Empties the MongoDB baseline's collection (keyed like the store's, by `{ tenantId, id }`). */
export async function resetRawMongoCollection(
  collection: Collection<RawMongoRecord>,
): Promise<void> {
  await collection.deleteMany({});
  await collection.createIndex({ tenantId: 1, id: 1 }, { unique: true, name: 'tenant_id_unique' });
}

/** The MongoDB baseline's write: one `bulkWrite` of upserts on the `{ tenantId, id }` key. */
export function rawMongoWrite(collection: Collection<RawMongoRecord>) {
  return async (documents: RawDocument[]): Promise<void> => {
    await collection.bulkWrite(
      documents.map(({ id, document, position }) => ({
        updateOne: {
          filter: { tenantId: TENANT_ID, id },
          update: {
            $set: {
              doc: document,
              pos: `${position.transactionId.padStart(20, '0')}:${position.globalPosition.padStart(20, '0')}`,
            },
          },
          upsert: true,
        },
      })),
    );
  };
}
