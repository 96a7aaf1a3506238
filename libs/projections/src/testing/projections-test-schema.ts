import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { migrateProjections } from '../postgres/projections-schema.js';

/** A schema of one test (or test file), holding freshly migrated projections tables. */
export interface ProjectionsTestSchema {
  /** Name of the schema (pass it as the stores' `schema` option). */
  readonly schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named schema (`proj_<random hex>`) with the projections tables migrated
 * into it, so every test starts from empty tables without truncating shared ones.
 */
export async function createProjectionsTestSchema(orm: MikroORM): Promise<ProjectionsTestSchema> {
  const schema = `proj_${randomBytes(6).toString('hex')}`;
  await migrateProjections(orm.em, { schema });
  return {
    schema,
    drop: async () => {
      await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/** A test file's database handle, from {@link useProjectionsTestDatabase}. */
export interface ProjectionsTestDatabase {
  /** MikroORM on the test file's database. */
  readonly orm: MikroORM;
  /** A migrated schema shared by the file's tests. */
  readonly shared: ProjectionsTestSchema;
}

/**
 * Registers `beforeAll`/`afterAll` hooks opening a MikroORM on the test file's database with a
 * shared, migrated schema, and dropping and closing them after. Call it inside the file's
 * top-level `describe` (the per-file database is dropped after root-level hooks run). Contract
 * factories take a fresh schema each with {@link createProjectionsTestSchema}.
 */
export function useProjectionsTestDatabase(): ProjectionsTestDatabase {
  let orm: MikroORM | undefined;
  let shared: ProjectionsTestSchema | undefined;
  beforeAll(async () => {
    orm = await createTestOrm();
    shared = await createProjectionsTestSchema(orm);
  });
  afterAll(async () => {
    await shared?.drop();
    await orm?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The test database opens in beforeAll.');
    return value;
  };
  return {
    get orm() {
      return opened(orm);
    },
    get shared() {
      return opened(shared);
    },
  };
}
