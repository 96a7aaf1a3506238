import { randomBytes } from 'node:crypto';
import { MikroOrmModule, type MikroOrmModuleSyncOptions } from '@mikro-orm/nestjs';
import type { DynamicModule } from '@nestjs/common';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrateEventStore } from '../postgres/migrations/migrate-event-store.js';

/**
 * A MikroORM instance on the test database (`process.env.DATABASE_URL`; the jest integration
 * project points it at a database of the test file's own). Call it in `beforeAll` (the URL is
 * set by then) and `await orm.close()` in `afterAll`. `overrides` are merged into the options
 * (e.g. `entities`).
 */
export async function createTestOrm(overrides: Partial<Options> = {}): Promise<MikroORM> {
  const clientUrl = process.env.DATABASE_URL;
  if (!clientUrl) {
    throw new Error('DATABASE_URL is not set; run integration tests through the jest project.');
  }
  return MikroORM.init({
    clientUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 20 },
    ...overrides,
  });
}

/** A schema of one test, with the event store's tables migrated into it. */
export interface EventStoreTestSchema {
  /** Name of the schema (pass it as the stores' `schema` option). */
  readonly schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named schema holding freshly migrated event-store tables, so every test
 * starts from an empty store without truncating shared tables.
 */
export async function createEventStoreTestSchema(
  orm: MikroORM,
  tablePrefix?: string,
): Promise<EventStoreTestSchema> {
  const schema = `es_${randomBytes(6).toString('hex')}`;
  await migrateEventStore(orm, { schema, tablePrefix });
  return {
    schema,
    drop: async () => {
      await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/**
 * `MikroOrmModule.forRoot` on the test database (`process.env.DATABASE_URL`, read when the
 * module is created) for Nest test apps, without entities unless `overrides` name some.
 */
export function testMikroOrmModule(
  overrides: Partial<MikroOrmModuleSyncOptions> = {},
): DynamicModule | Promise<DynamicModule> {
  return MikroOrmModule.forRoot({
    driver: PostgreSqlDriver,
    clientUrl: process.env.DATABASE_URL,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    ...overrides,
  });
}
