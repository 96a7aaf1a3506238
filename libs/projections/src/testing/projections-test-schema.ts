import { randomBytes } from 'node:crypto';
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
