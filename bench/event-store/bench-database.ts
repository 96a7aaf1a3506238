/**
 * A throw-away database for the event-store benchmarks on the PostgreSQL at `DATABASE_URL`
 * (default 127.0.0.1:5432, trust auth): created and migrated on open, dropped on close. Both
 * contestants use it: the event store through MikroORM, the raw baseline through its own `pg`
 * pool of the same size, inserting into `raw_messages`, a copy of the store's messages table
 * (same columns, defaults, constraints and indexes).
 */
import { randomBytes } from 'node:crypto';
import {
  migrateEventStore,
  PostgresEventStore,
  PostgresSnapshotStore,
} from '@cqrs-ddd/event-store';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Connections of each side's pool (more than the 8 concurrent clients). */
export const POOL_SIZE = 10;

/** What the benchmarks work with. */
export interface BenchDatabase {
  /** Connection URL of the benchmark database. */
  readonly url: string;
  readonly orm: MikroORM;
  readonly store: PostgresEventStore;
  readonly snapshots: PostgresSnapshotStore;
  /** The raw baseline's pool. */
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A MikroORM instance on `url` with a pool of {@link POOL_SIZE}. */
export function openOrm(url: string): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: url,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: POOL_SIZE, max: POOL_SIZE },
  });
}

/** Creates, migrates and opens a fresh benchmark database. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const name = `cqrs_ddd_bench_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await openOrm(url.toString());
  await migrateEventStore(orm);
  await orm.em
    .getConnection()
    .execute('CREATE TABLE raw_messages (LIKE cqrs_messages INCLUDING ALL)');
  const pool = new pg.Pool({ connectionString: url.toString(), max: POOL_SIZE });
  // DROP DATABASE ... WITH (FORCE) ends connections the pool may still be closing.
  pool.on('error', () => undefined);
  const store = new PostgresEventStore(orm.em);
  return {
    url: url.toString(),
    orm,
    store,
    snapshots: new PostgresSnapshotStore(orm.em),
    pool,
    async close() {
      await store.close();
      await pool.end();
      await orm.close();
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
