/**
 * Projection throughput on the real processor engine, each against a raw baseline measured in
 * the same run on the same log (see `bench-orders.ts`: 10,000 orders × 10 events, interleaved):
 *
 * 1. catch-up of 100,000 events into the PostgreSQL store (`PostgresReadModelStore`, checkpoints,
 *    leases and parked events on PostgreSQL, one `MikroOrmUnitOfWork` transaction per batch)
 *    versus raw `pg` multi-row upserts of pre-computed documents, one per batch read;
 * 2. the same into MongoDB (`MongoReadModelStore`, `MongoCheckpointStore`) versus raw
 *    `bulkWrite`s — at `MONGO_URL`, else the stand-in on a log of 10,000 events (labelled as
 *    such, see `mongo-catch-up.ts`);
 * 3. a full rebuild of those 100,000 events through `ProjectionRuntime.rebuild()`;
 * 4. a rebuild of 1,000,000 events in a child process, with its RSS;
 *
 * then where a PostgreSQL catch-up's time goes, per batch size, next to a hand-written batch
 * processor on the same engine (`direct-fold.processor.ts`).
 */
import { openBenchDatabase } from '../event-store/bench-database.js';
import { appendLog } from './bench-log.js';
import { type CatchUpContestants, measureCatchUp, profileCatchUp } from './catch-up.js';
import { rebuildMillion } from './million-rebuild.js';
import { measureMongoCatchUp } from './mongo-catch-up.js';
import { postgresProjectionStores } from './projection-engine.js';
import { timeRebuild } from './projection-rebuild.js';
import { printProjectionFigures, type ProfileRow } from './projections-report.js';
import { rawPostgresWrite, resetRawDocumentsTable } from './raw-baseline.js';

const ORDERS = 10_000;
const MILLION_ORDERS = 100_000;
/** The engine's default batch size. */
const BATCH_SIZE = 500;
const PROFILE_BATCH_SIZES = [500, 1_000, 2_000];
const ROUNDS = 3;

/** Runs the projection benchmark and prints its tables. */
export async function run(): Promise<void> {
  const db = await openBenchDatabase();
  try {
    const log = await appendLog(db, ORDERS);
    const stores = postgresProjectionStores(db.orm);
    const postgres: CatchUpContestants = {
      name: 'pg',
      target: stores,
      coordination: stores,
      resetRaw: () => resetRawDocumentsTable(db.pool),
      rawWrite: rawPostgresWrite(db.pool, 'raw'),
    };
    const settings = { batchSize: BATCH_SIZE, rounds: ROUNDS };
    const pg = await measureCatchUp(log, postgres, settings);
    const pgPartitioned = await measureCatchUp(log, postgres, { ...settings, partitions: 2 });
    const mongo = await measureMongoCatchUp(log, stores, settings);
    const rebuild = await timeRebuild(db.orm, db.store, { batchSize: BATCH_SIZE, head: log.head });
    const profiles: ProfileRow[] = [];
    for (const batchSize of PROFILE_BATCH_SIZES) {
      for (const processor of ['raw', 'direct', 'projection'] as const) {
        const profile = await profileCatchUp(log, postgres, { batchSize, processor });
        profiles.push({ batchSize, processor, profile });
      }
    }
    const million = await rebuildMillion(MILLION_ORDERS, { batchSize: BATCH_SIZE, mark: 100_000 });
    printProjectionFigures({
      batchSize: BATCH_SIZE,
      rounds: ROUNDS,
      log,
      pg,
      pgPartitioned,
      mongo,
      rebuild,
      million,
      profiles,
    });
  } finally {
    await db.close();
  }
}
