import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { ensureAuditSchema } from './audit-schema.js';

/** A uniquely named schema holding freshly created audit tables. */
export interface AuditTestSchema {
  readonly schema: string;
  drop(): Promise<void>;
}

/** Creates the audit tables in a schema of their own (granting `appRole` when given). */
export async function createAuditTestSchema(
  orm: MikroORM,
  appRole?: string,
): Promise<AuditTestSchema> {
  const schema = `audit_${randomBytes(6).toString('hex')}`;
  await ensureAuditSchema(orm.em.getConnection(), { schema, appRole });
  return {
    schema,
    drop: async () => {
      await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/** The test database URL (`DATABASE_URL`), connecting as `user` when given. */
export function testDatabaseUrl(user?: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  if (user !== undefined) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
}

/** A connected `pg` client on the test database (as `user` when given); `end()` it. */
export async function testClient(user?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabaseUrl(user) });
  await client.connect();
  return client;
}

/** The SQLSTATE and message `promise` rejects with (fails when it resolves). */
export async function sqlError(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('Expected the statement to fail, but it succeeded');
}
