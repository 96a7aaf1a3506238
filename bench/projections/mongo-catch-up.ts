/**
 * The MongoDB catch-up: `MongoReadModelStore` and `MongoCheckpointStore` (leases and parked
 * events on PostgreSQL) versus raw `bulkWrite`s, on the server at `MONGO_URL` with the main
 * log. The stand-in scans a whole collection for every update (a batch of 500 upserts takes
 * ~0.4 s at 500 documents and ~1.4 s at 5,000), so a 100,000-event catch-up into it would take
 * most of an hour: without `MONGO_URL` both sides replay a smaller log of their own instead, and
 * the table says so.
 */
import { openBenchDatabase } from '../event-store/bench-database.js';
import { appendLog, type BenchLog } from './bench-log.js';
import { mongoProjectionTarget, openBenchMongo } from './bench-mongo.js';
import { type CatchUpFigures, measureCatchUp } from './catch-up.js';
import { type PostgresProjectionStores, postgresProjectionStores } from './projection-engine.js';
import { type RawMongoRecord, rawMongoWrite, resetRawMongoCollection } from './raw-baseline.js';

/** Orders of the stand-in's own log. */
export const STAND_IN_ORDERS = 1_000;

/** Figures of the MongoDB catch-up and what they were measured on. */
export interface MongoCatchUp {
  readonly label: string;
  readonly events: number;
  readonly figures: CatchUpFigures;
}

/** Measures the MongoDB catch-up (`log` and `coordination` are used with a real MongoDB). */
export async function measureMongoCatchUp(
  log: BenchLog,
  coordination: PostgresProjectionStores,
  settings: { batchSize: number; rounds: number },
): Promise<MongoCatchUp> {
  const mongo = await openBenchMongo();
  const small = mongo.standIn ? await openBenchDatabase() : undefined;
  try {
    const replayed = small ? await appendLog(small, STAND_IN_ORDERS) : log;
    const raw = mongo.connection.collection<RawMongoRecord>('raw_order_summary');
    const figures = await measureCatchUp(
      replayed,
      {
        name: 'mongo',
        target: mongoProjectionTarget(mongo.connection),
        coordination: small ? postgresProjectionStores(small.orm) : coordination,
        resetRaw: () => resetRawMongoCollection(raw),
        rawWrite: rawMongoWrite(raw),
      },
      settings,
    );
    return { label: mongo.label, events: replayed.events, figures };
  } finally {
    await mongo.close();
    await small?.close();
  }
}
