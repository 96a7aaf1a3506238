import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './postgres.js';

// The test harness itself: every integration file gets a database of its own, and the
// embedded fallback used where no PostgreSQL server answers is a real multi-session server.

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('database per test file', () => {
  it('points DATABASE_URL at a fresh, empty database of this file only', async () => {
    const name = process.env.TEST_DATABASE_NAME;
    expect(name).toMatch(/^cqrs_ddd_test_[0-9a-f]{12}$/);
    const url = process.env.DATABASE_URL as string;
    expect(new URL(url).pathname).toBe(`/${name}`);
    await withClient(url, async (client) => {
      const db = await client.query<{ db: string }>('select current_database() as db');
      expect(db.rows[0].db).toBe(name);
      const tables = await client.query(
        `select 1 from information_schema.tables where table_schema = 'public'`,
      );
      expect(tables.rowCount).toBe(0);
    });
  });
});

describe('embedded PostgreSQL fallback', () => {
  let embedded: EmbeddedPostgresHandle;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
  }, 60_000);

  afterAll(async () => {
    await embedded?.stop();
  });

  it('serves concurrent sessions: an advisory lock held by one blocks the other', async () => {
    const a = new pg.Client({ connectionString: embedded.url });
    const b = new pg.Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('select pg_advisory_lock(42)');
      const tryB = await b.query<{ got: boolean }>('select pg_try_advisory_lock(42) as got');
      expect(tryB.rows[0].got).toBe(false);
      await a.query('select pg_advisory_unlock(42)');
      const retryB = await b.query<{ got: boolean }>('select pg_try_advisory_lock(42) as got');
      expect(retryB.rows[0].got).toBe(true);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('has pg_current_xact_id and snapshots, which gap-safe log reading relies on', async () => {
    await withClient(embedded.url, async (client) => {
      const res = await client.query<{ ok: boolean }>(
        'select pg_current_xact_id() is not null and pg_snapshot_xmin(pg_current_snapshot()) is not null as ok',
      );
      expect(res.rows[0].ok).toBe(true);
    });
  });
});
