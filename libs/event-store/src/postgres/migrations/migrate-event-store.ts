import type { MikroORM } from '@mikro-orm/postgresql';
import {
  eventStoreSchemaNames,
  type EventStoreSchemaOptions,
} from '../event-store-schema.options.js';
import { eventStoreMigrations } from './event-store.migrations.js';

/**
 * Applies the event store's pending migrations ({@link eventStoreMigrations}) in one transaction
 * and returns the names it applied (`[]` when the schema is up to date). Safe to call from every
 * instance at start-up: concurrent callers wait for each other on an advisory lock, and the
 * applied names are tracked in `<schema>.<prefix>schema_migrations`. It never compares or
 * "updates" the schema: only the shipped migrations run.
 */
export async function migrateEventStore(
  orm: MikroORM,
  options: EventStoreSchemaOptions = {},
): Promise<string[]> {
  const names = eventStoreSchemaNames(options);
  const connection = orm.em.getConnection();
  const driver = orm.em.getDriver();
  return connection.transactional(async (trx) => {
    const run = (sql: string, params: unknown[] = []) =>
      connection.execute<Record<string, unknown>[]>(sql, params, 'all', trx);
    await run(`SELECT pg_advisory_xact_lock(${names.lockClass}, -1)`);
    await run(`CREATE SCHEMA IF NOT EXISTS ${names.quotedSchema}`);
    await run(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} ` +
        '(name text PRIMARY KEY, executed_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await run(`SELECT name FROM ${names.migrations}`)).map((r) => r.name));
    const applied: string[] = [];
    for (const { name, class: MigrationClass } of eventStoreMigrations(options)) {
      if (done.has(name)) continue;
      const migration = new MigrationClass(driver, orm.config);
      migration.setTransactionContext(trx);
      await migration.up();
      for (const query of migration.getQueries()) await run(query as string);
      await run(`INSERT INTO ${names.migrations} (name) VALUES (?)`, [name]);
      applied.push(name);
    }
    return applied;
  });
}
