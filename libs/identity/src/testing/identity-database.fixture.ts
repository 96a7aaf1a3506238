import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PasswordHasher } from '../password/password-hasher.js';
import { ensureIdentitySchema, type IdentitySqlConnection } from '../schema/identity-schema.js';

/** argon2id at its cheapest: the tests check behaviour, not hash strength. */
export const fastHasher = (): PasswordHasher =>
  new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

/** A schema of one test holding freshly created identity tables. */
export interface IdentityTestSchema {
  readonly schema: string;
  readonly connection: IdentitySqlConnection;
  /** Rows of `identity_users` or `identity_api_keys`, as PostgreSQL returns them. */
  rows(table: 'identity_users' | 'identity_api_keys'): Promise<Record<string, unknown>[]>;
  /** Drops the schema. */
  drop(): Promise<void>;
}

/** Creates a uniquely named schema with the identity tables in the test database. */
export async function createIdentityTestSchema(orm: MikroORM): Promise<IdentityTestSchema> {
  const schema = `identity_${randomBytes(6).toString('hex')}`;
  const connection = orm.em.getConnection();
  await ensureIdentitySchema(connection, schema);
  return {
    schema,
    connection,
    rows: (table) =>
      connection.execute<Record<string, unknown>[]>(
        `SELECT * FROM "${schema}"."${table}" ORDER BY created_at, id`,
      ),
    drop: async () => {
      await connection.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
