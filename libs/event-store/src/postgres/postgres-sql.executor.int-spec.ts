import { afterEach, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestOrm } from '../testing/postgres-test-database.js';
import { PostgresSqlExecutor } from './postgres-sql.executor.js';

const orms: MikroORM[] = [];

/** An ORM with a single pooled connection, so session state is visible to the next query. */
async function singleConnectionOrm(onReserveConnection?: () => Promise<void>): Promise<MikroORM> {
  const orm = await createTestOrm({ pool: { min: 0, max: 1 }, onReserveConnection });
  orms.push(orm);
  return orm;
}

afterEach(async () => {
  await Promise.all(orms.splice(0).map((orm) => orm.close()));
});

const SQL = 'SELECT $1::int + 1 AS n';

async function preparedStatements(sql: PostgresSqlExecutor): Promise<string[]> {
  const rows = await sql.query<{ statement: string }>(
    'SELECT statement FROM pg_prepared_statements',
  );
  return rows.map((row) => row.statement);
}

describe('PostgresSqlExecutor.queryPrepared', () => {
  it('runs outside a transaction as a named prepared statement of the connection', async () => {
    const sql = new PostgresSqlExecutor((await singleConnectionOrm()).em, true);
    expect(await sql.queryPrepared(SQL, [1])).toEqual([{ n: 2 }]);
    expect(await sql.queryPrepared(SQL, [41])).toEqual([{ n: 42 }]);
    expect(await preparedStatements(sql)).toEqual([SQL]);
  });

  it("runs inside the caller's MikroORM transaction when there is one", async () => {
    const orm = await singleConnectionOrm();
    const sql = new PostgresSqlExecutor(orm.em, true);
    const xact = 'SELECT pg_current_xact_id()::text AS id, $1::int AS n';
    const [inside, sameTransaction] = await orm.em.transactional(async () => [
      (await sql.queryPrepared<{ id: string }>(xact, [1]))[0].id,
      (await sql.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id'))[0].id,
    ]);
    expect(inside).toBe(sameTransaction);
    const [outside] = await sql.queryPrepared<{ id: string }>(xact, [1]);
    expect(outside.id).not.toBe(inside);
  });

  it('goes through Kysely when MikroORM runs a hook on reserved connections', async () => {
    let reserved = 0;
    const orm = await singleConnectionOrm(async () => {
      reserved++;
    });
    const sql = new PostgresSqlExecutor(orm.em, true);
    const before = reserved;
    expect(await sql.queryPrepared(SQL, [1])).toEqual([{ n: 2 }]);
    expect(reserved).toBe(before + 1);
    expect(await preparedStatements(sql)).toEqual([]);
  });

  it('uses unnamed statements when prepared statements are off', async () => {
    const sql = new PostgresSqlExecutor((await singleConnectionOrm()).em, false);
    expect(await sql.queryPrepared(SQL, [1])).toEqual([{ n: 2 }]);
    expect(await preparedStatements(sql)).toEqual([]);
  });

  it('follows MikroORM to its new pool after a reconnect', async () => {
    const orm = await singleConnectionOrm();
    const sql = new PostgresSqlExecutor(orm.em, true);
    expect(await sql.queryPrepared(SQL, [1])).toEqual([{ n: 2 }]);
    await orm.close();
    await orm.connect();
    expect(await sql.queryPrepared(SQL, [2])).toEqual([{ n: 3 }]);
  });
});
