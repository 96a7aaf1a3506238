import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import type { TenantMigrationTarget } from '../provisioning/tenant.migrator.js';
import { testTenant } from './tenant-rls-test-bed.fixture.js';
import { grantTenantRoleOnSchema } from './tenant-schema.grants.js';

describe('grantTenantRoleOnSchema', () => {
  const suffix = randomBytes(5).toString('hex');
  // Roles are shared by the server's databases: one of this file's own.
  const role = `cqrs_tenant_${suffix}`;
  const granted = `tenant_a_${suffix}`;
  const other = `tenant_b_${suffix}`;
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await createTestOrm();
    for (const schema of [granted, other]) {
      await sql(`CREATE SCHEMA "${schema}"`);
      await sql(`CREATE TABLE "${schema}".existing (id bigserial PRIMARY KEY, note text)`);
      await sql(`INSERT INTO "${schema}".existing (note) VALUES ('${schema}')`);
    }
  });

  afterAll(async () => {
    for (const schema of [granted, other]) await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql(`DROP OWNED BY "${role}"`).catch(() => undefined);
    await sql(`DROP ROLE IF EXISTS "${role}"`);
    await orm.close();
  });

  const sql = <T = Record<string, unknown>>(text: string) =>
    orm.em.getConnection().execute<T[]>(text);

  /** Runs `text` in a transaction switched to the tenant role, as the session binder does. */
  const asRole = <T = Record<string, unknown>>(text: string) =>
    orm.em.fork({ session: { role } }).transactional((em) => em.execute<T[]>(text));

  const migrationTarget = (schema?: string): TenantMigrationTarget => {
    const tenant = schema
      ? { ...testTenant('schema-tenant'), isolation: 'schema' as const, schema }
      : { ...testTenant('db-tenant'), isolation: 'database' as const };
    return {
      tenant,
      orm,
      em: orm.em.fork({ disableContextResolution: true }),
      schema,
      target: schema
        ? { key: `schema:${schema}`, tenantId: tenant.id, schema }
        : { key: `database:${tenant.id}`, tenantId: tenant.id, connection: orm },
    };
  };

  const roleExists = async () =>
    (await sql(`SELECT 1 FROM pg_roles WHERE rolname = '${role}'`)).length === 1;

  it('skips database tenants (their sessions are not switched): nothing is created', async () => {
    await grantTenantRoleOnSchema({ role })(migrationTarget());
    expect(await roleExists()).toBe(false);
  });

  it("creates the role and lets it use the schema's existing objects, idempotently", async () => {
    const migrator = grantTenantRoleOnSchema({ role });
    await migrator(migrationTarget(granted));
    await migrator(migrationTarget(granted));

    expect(await roleExists()).toBe(true);
    const [attributes] = await sql(
      `SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = '${role}'`,
    );
    expect(attributes).toEqual({ rolcanlogin: false, rolsuper: false, rolbypassrls: false });
    await asRole(`INSERT INTO "${granted}".existing (note) VALUES ('as role')`);
    const rows = await asRole<{ note: string }>(
      `SELECT note FROM "${granted}".existing ORDER BY id`,
    );
    expect(rows.map((row) => row.note)).toEqual([granted, 'as role']);
    expect(await asRole(`DELETE FROM "${granted}".existing WHERE note = 'as role'`)).toEqual([]);
  });

  it('covers tables, sequences and routines the same login role creates there later', async () => {
    await grantTenantRoleOnSchema({ role })(migrationTarget(granted));
    await sql(`CREATE TABLE "${granted}".later (id bigserial PRIMARY KEY, note text NOT NULL)`);
    await sql(
      `CREATE FUNCTION "${granted}".add_later(p_note text) RETURNS bigint LANGUAGE sql
         AS $$ INSERT INTO "${granted}".later (note) VALUES (p_note) RETURNING id $$`,
    );
    await sql(`REVOKE EXECUTE ON FUNCTION "${granted}".add_later(text) FROM PUBLIC`);

    const [added] = await asRole<{ id: string }>(`SELECT "${granted}".add_later('x') AS id`);
    expect(Number(added!.id)).toBe(1);
    await asRole(`INSERT INTO "${granted}".later (note) VALUES ('y')`);
    await asRole(`UPDATE "${granted}".later SET note = 'z' WHERE note = 'y'`);
    const rows = await asRole<{ note: string }>(`SELECT note FROM "${granted}".later ORDER BY id`);
    expect(rows.map((row) => row.note)).toEqual(['x', 'z']);
  });

  it("leaves other schemas inaccessible to the role (another tenant's tables)", async () => {
    await grantTenantRoleOnSchema({ role })(migrationTarget(granted));
    await expect(asRole(`SELECT note FROM "${other}".existing`)).rejects.toThrow(
      /permission denied for schema/,
    );
    await sql(`GRANT USAGE ON SCHEMA "${other}" TO "${role}"`);
    await expect(asRole(`SELECT note FROM "${other}".existing`)).rejects.toThrow(
      /permission denied for table existing/,
    );
  });

  it('refuses invalid role names before running anything', () => {
    expect(() => grantTenantRoleOnSchema({ role: 'Bad Role' })).toThrow(
      MultitenancyConfigurationError,
    );
  });
});
