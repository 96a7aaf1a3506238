import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ensureIdentitySchema, identityTables } from './identity-schema.js';

describe('ensureIdentitySchema', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await createTestOrm();
  });
  afterAll(async () => {
    await orm.close();
  });

  const columnsOf = (schema: string, table: string) =>
    orm.em.getConnection().execute<{ column_name: string; is_nullable: string }[]>(
      `SELECT column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position`,
      [schema, table],
    );

  it('creates both tables, idempotently, also when instances start together', async () => {
    const connection = orm.em.getConnection();
    await Promise.all([
      ensureIdentitySchema(connection, 'identity_ddl'),
      ensureIdentitySchema(connection, 'identity_ddl'),
      ensureIdentitySchema(connection, 'identity_ddl'),
    ]);
    await ensureIdentitySchema(connection, 'identity_ddl');
    expect((await columnsOf('identity_ddl', 'identity_users')).map((c) => c.column_name)).toEqual([
      'id',
      'tenant_id',
      'username',
      'password_hash',
      'principal_id',
      'roles',
      'attributes',
      'failed_attempts',
      'locked_until',
      'created_at',
      'updated_at',
    ]);
    expect(
      (await columnsOf('identity_ddl', 'identity_api_keys')).map((c) => c.column_name),
    ).toEqual([
      'id',
      'name',
      'key_hash',
      'principal_id',
      'tenant_id',
      'roles',
      'attributes',
      'created_at',
      'expires_at',
      'revoked_at',
      'last_used_at',
    ]);
    await connection.execute('DROP SCHEMA identity_ddl CASCADE');
  });

  it('keeps a username unique per tenant, platform users (no tenant) included', async () => {
    const connection = orm.em.getConnection();
    await ensureIdentitySchema(connection, 'identity_unique');
    const insert = (id: string, tenant: string | null) =>
      connection.execute(
        `INSERT INTO identity_unique.identity_users (id, tenant_id, username, password_hash, principal_id)
         VALUES (?, ?, 'alice', 'h', ?)`,
        [id, tenant, id],
      );
    await insert('1', 'tenant-a');
    await insert('2', 'tenant-b');
    await insert('3', null);
    await expect(insert('4', 'tenant-a')).rejects.toThrow(/identity_users_tenant_username_key/);
    await expect(insert('5', null)).rejects.toThrow(/identity_users_tenant_username_key/);
    await expect(insert('6', '')).rejects.toThrow(/check/i);
    await connection.execute('DROP SCHEMA identity_unique CASCADE');
  });

  it('refuses a schema that is not a plain identifier', async () => {
    expect(() => identityTables('Bad"; DROP TABLE x')).toThrow(
      expect.objectContaining({ code: 'IDENTITY_CONFIGURATION' }),
    );
    await expect(ensureIdentitySchema(orm.em.getConnection(), '1x')).rejects.toMatchObject({
      code: 'IDENTITY_CONFIGURATION',
    });
    expect(identityTables()).toEqual({
      schema: '"public"',
      users: '"public"."identity_users"',
      apiKeys: '"public"."identity_api_keys"',
    });
  });
});
