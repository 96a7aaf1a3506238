import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrateEventStore } from '@cqrs-ddd/event-store';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { suiteTenantTables } from './suite-tenant-tables.js';
import { createTenantRlsTestBed, type TenantRlsTestBed } from './tenant-rls-test-bed.fixture.js';
import { enableTenantRowLevelSecurity } from './tenant-row-level-security.js';

describe('enableTenantRowLevelSecurity', () => {
  let orm: MikroORM;
  let bed: TenantRlsTestBed;
  const rolesToDrop: string[] = [];

  beforeAll(async () => {
    orm = await createTestOrm();
    bed = await createTenantRlsTestBed(orm);
  });
  afterAll(async () => {
    await bed?.drop();
    for (const role of rolesToDrop) {
      await orm.em.getConnection().execute(`DROP OWNED BY "${role}"`);
      await orm.em.getConnection().execute(`DROP ROLE IF EXISTS "${role}"`);
    }
    await query('DROP TABLE IF EXISTS public.pg_nothing');
    await orm.close();
  });

  const query = <T = Record<string, unknown>>(sql: string) =>
    orm.em.getConnection().execute<T[]>(sql);

  /** Rows of `sql` in a transaction with the given session context (MikroORM applies it). */
  const asSession = <T = Record<string, unknown>>(
    session: { variables?: Record<string, string>; role?: string },
    sql: string,
  ) => orm.em.fork({ session }).transactional((em) => em.execute<T[]>(sql));

  const count = async (sql: string, session?: Parameters<typeof asSession>[0]) => {
    const [row] = session
      ? await asSession<{ n: string }>(session, sql)
      : await query<{ n: string }>(sql);
    return Number(row.n);
  };

  it('creates the role, grants, enables RLS (not FORCE) and a policy on each table', async () => {
    const sql = bed.applied.join('\n');
    expect(sql).toContain(`CREATE ROLE "${bed.role}" NOLOGIN`);
    expect(sql).toMatch(
      /ADD COLUMN "tenant_id" text DEFAULT NULLIF\(current_setting\('app\.tenant_id', true\), ''\)/,
    );
    expect(sql).toContain(
      `CREATE TRIGGER "cqrs_ddd_stamp_tenant" BEFORE INSERT ON ${bed.streams} FOR EACH ROW`,
    );
    expect(sql).toContain(
      `GRANT USAGE, SELECT ON SEQUENCE ${bed.schema}.cqrs_messages_global_position_seq`,
    );

    const tables = await query<{ name: string; rls: boolean; force: boolean; policies: string }>(
      `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
              (SELECT count(*) FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname
                 AND p.roles = ARRAY['${bed.role}']::name[] AND p.cmd = 'ALL') AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '${bed.schema}' AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(tables.map((t) => [t.name, t.rls, t.force, Number(t.policies)])).toEqual([
      ['cqrs_messages', true, false, 1],
      ['cqrs_schema_migrations', false, false, 0],
      ['cqrs_snapshots', true, false, 1],
      ['cqrs_streams', true, false, 1],
      ['processor_checkpoints', false, false, 0],
      ['processor_leases', false, false, 0],
      ['processor_parked_events', false, false, 0],
      ['processor_suspensions', false, false, 0],
      ['projection_states', false, false, 0],
      ['read_model_documents', true, false, 1],
    ]);
    const [role] = await query<{ rolcanlogin: boolean; rolbypassrls: boolean; rolsuper: boolean }>(
      `SELECT rolcanlogin, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = '${bed.role}'`,
    );
    expect(role).toEqual({ rolcanlogin: false, rolbypassrls: false, rolsuper: false });
  });

  it('lets the tenant role see and write only the rows of the session tenant', async () => {
    const a = { variables: { 'app.tenant_id': 'a' }, role: bed.role };
    expect(await count(`SELECT count(*) AS n FROM ${bed.messages}`, a)).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM ${bed.streams}`, a)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM ${bed.documents}`, a)).toBe(1);
    // The role without the setting sees nothing.
    expect(await count(`SELECT count(*) AS n FROM ${bed.messages}`, { role: bed.role })).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${bed.documents}`, { role: bed.role })).toBe(0);
    // Writes: other tenants' rows are out of reach, and no row may be given to another tenant.
    expect(
      await count(
        `WITH d AS (DELETE FROM ${bed.documents} WHERE tenant_id = 'b' RETURNING 1) SELECT count(*) AS n FROM d`,
        a,
      ),
    ).toBe(0);
    await expect(
      asSession(a, `UPDATE ${bed.documents} SET tenant_id = 'b' WHERE id = 'a-1'`),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asSession(
        a,
        `INSERT INTO ${bed.documents} (collection, tenant_id, id, document, transaction_id, global_position) VALUES ('orders', 'b', 'x', '{}', 1, 3)`,
      ),
    ).rejects.toThrow(/row-level security/);
    // Tables without a tenant are not granted to the role at all.
    await expect(
      asSession(a, `SELECT count(*) FROM "${bed.schema}".processor_checkpoints`),
    ).rejects.toThrow(/permission denied/);
    // The owner (processors, migrations) still sees every tenant.
    expect(await count(`SELECT count(*) AS n FROM ${bed.messages}`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM ${bed.documents}`)).toBe(2);
  });

  it('stamps stream rows inserted without a tenant in a tenant session, and only there', async () => {
    const a = { variables: { 'app.tenant_id': 'a' }, role: bed.role };
    const insert = (id: string) =>
      `INSERT INTO ${bed.streams} (id, version) VALUES ('${id}', 1) RETURNING tenant_id`;
    expect(await asSession(a, insert('stamped'))).toEqual([{ tenant_id: 'a' }]);
    expect(await query(insert('unstamped'))).toEqual([{ tenant_id: null }]);
    await query(`DELETE FROM ${bed.streams} WHERE id IN ('stamped', 'unstamped')`);
  });

  it('is idempotent: a second run applies nothing, and changed options replace the policies', async () => {
    const options = { role: bed.role, tables: bed.tables };
    expect(await enableTenantRowLevelSecurity(orm.em, options)).toEqual([]);
    const changed = await enableTenantRowLevelSecurity(orm.em, {
      ...options,
      setting: 'app.other',
    });
    expect(changed.filter((s) => s.startsWith('DROP POLICY'))).toHaveLength(4);
    expect(changed.filter((s) => s.startsWith('CREATE POLICY'))).toHaveLength(4);
    // The snapshots' tenant default and the streams' stamp follow the setting; nothing else changes.
    expect(changed.filter((s) => !/^(DROP|CREATE|COMMENT ON) POLICY/.test(s))).toEqual([
      `DROP TRIGGER "cqrs_ddd_stamp_tenant" ON ${bed.streams}`,
      expect.stringContaining(
        `EXECUTE FUNCTION "${bed.schema}"."cqrs_ddd_stamp_tenant"('tenant_id', 'app.other')`,
      ),
      expect.stringMatching(/^COMMENT ON TRIGGER/),
      `ALTER TABLE ${bed.snapshots} ALTER COLUMN "tenant_id" SET DEFAULT NULLIF(current_setting('app.other', true), '')`,
    ]);
    const other = { variables: { 'app.other': 'a' }, role: bed.role };
    expect(await count(`SELECT count(*) AS n FROM ${bed.messages}`, other)).toBe(2);
    expect(await enableTenantRowLevelSecurity(orm.em, options)).toHaveLength(12 + 1 + 3);
    expect(await enableTenantRowLevelSecurity(orm.em, options)).toEqual([]);
  });

  it('lets concurrent runs succeed: one applies, the others wait for it and find nothing to do', async () => {
    const schema = `rls_${randomBytes(5).toString('hex')}`;
    const role = `cqrs_tenant_${randomBytes(5).toString('hex')}`;
    rolesToDrop.push(role);
    await migrateEventStore(orm, { schema });
    const options = { role, tables: suiteTenantTables({ eventStore: { schema } }) };
    const results = await Promise.all(
      [1, 2, 3].map(() => enableTenantRowLevelSecurity(orm.em, options)),
    );
    expect(results.map((applied) => applied.length > 0).sort()).toEqual([false, false, true]);
    await query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('grants the role to the given members, so that they may switch to it', async () => {
    const member = `cqrs_app_${randomBytes(5).toString('hex')}`;
    rolesToDrop.push(member);
    await query(`CREATE ROLE "${member}" NOLOGIN`);
    const isMember = async () =>
      (
        await query<{ m: boolean }>(`SELECT pg_has_role('${member}', '${bed.role}', 'MEMBER') AS m`)
      )[0].m;
    expect(await isMember()).toBe(false);
    const applied = await enableTenantRowLevelSecurity(orm.em, {
      role: bed.role,
      tables: bed.tables,
      members: [member],
    });
    expect(applied).toEqual([expect.stringContaining(`GRANT "${bed.role}" TO "${member}"`)]);
    expect(await isMember()).toBe(true);
  });

  it.each([
    ['a role with a quote', { role: 'x"; drop table y; --' }],
    ['an upper-case schema', { tables: [{ schema: 'Public', table: 't' }] }],
    ['a setting without a dot', { setting: 'tenant_id' }],
    ['no table', { tables: [] }],
    ['a missing table', { tables: [{ schema: 'public', table: 'no_such_table' }] }],
    ['a table without tenant column', { tables: [{ schema: 'public', table: 'pg_nothing' }] }],
  ])('rejects %s with MULTITENANCY_CONFIGURATION', async (_, override) => {
    await query('CREATE TABLE IF NOT EXISTS public.pg_nothing (id text)');
    const options = { role: bed.role, tables: bed.tables, ...override };
    await expect(enableTenantRowLevelSecurity(orm.em, options)).rejects.toMatchObject({
      code: 'MULTITENANCY_CONFIGURATION',
    });
  });

  it('refuses a role that would bypass the policies (BYPASSRLS)', async () => {
    const role = `cqrs_bypass_${randomBytes(5).toString('hex')}`;
    rolesToDrop.push(role);
    await query(`CREATE ROLE "${role}" NOLOGIN BYPASSRLS`);
    await expect(
      enableTenantRowLevelSecurity(orm.em, { role, tables: bed.tables }),
    ).rejects.toMatchObject({
      code: 'MULTITENANCY_CONFIGURATION',
      message: expect.stringContaining('BYPASSRLS'),
    });
  });
});
