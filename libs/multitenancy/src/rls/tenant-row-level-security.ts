import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import {
  type ResolvedTenantRowLevelSecurityOptions,
  type ResolvedTenantTable,
  resolveTenantRowLevelSecurityOptions,
  type TenantRowLevelSecurityOptions,
} from './tenant-row-level-security.options.js';
import { ensureTenantRole, type TenantSqlApply, type TenantSqlRun } from './tenant-role.ensure.js';
import {
  createPolicySql,
  createStampFunctionSql,
  createStampTriggerSql,
  needsTenantDefault,
  policySignature,
  SCHEMA_PROBE_SQL,
  SEQUENCE_PROBE_SQL,
  sessionTenantSql,
  STAMP_NAME,
  stampSignature,
  TABLE_PROBE_SQL,
  type TableState,
  TENANT_POLICY_NAME,
  TENANT_RLS_LOCK_SQL,
} from './tenant-row-level-security.sql.js';

interface SchemaState {
  readonly usage: boolean;
  readonly execute: boolean;
  readonly stamp_function: boolean;
}

/**
 * Protects tables shared by all tenants with PostgreSQL row-level security, as defense in depth:
 * the suite already scopes its queries by tenant, but a query that forgets the filter
 * (hand-written SQL, a new repository method) would read or write other tenants' rows. With RLS
 * such a query, run in a tenant session, sees and may write only the tenant's rows.
 *
 * What it sets up — idempotently, in one transaction under an advisory lock, so every instance
 * may run it at start-up after the stores' own migrations (concurrent runs wait for each other;
 * a run with nothing to do changes nothing and takes no table lock):
 *
 * - the NOLOGIN role (`cqrs_tenant`), created when missing and granted to the login role(s), so
 *   that a session may `SET LOCAL ROLE` to it. It must not be a superuser nor have BYPASSRLS
 *   (checked: both skip every policy);
 * - USAGE on the tables' schemas, SELECT/INSERT/UPDATE/DELETE on the tables, USAGE/SELECT on
 *   their sequences and EXECUTE on the schemas' routines (the event store appends through SQL
 *   functions, which run with the caller's rights, hence under the policies);
 * - `ENABLE ROW LEVEL SECURITY` (not FORCE) and a policy `TO <role>` allowing only rows with
 *   `tenant_id = current_setting('app.tenant_id', true)`, for reads (USING) and writes
 *   (WITH CHECK). Without the setting the role sees nothing and can write nothing.
 *
 * The threat model, and its limits:
 * - The table owner — the login role that ran the migrations, which the processors, relays and
 *   migrations use — is not subject to the policies (no FORCE) and keeps seeing every tenant.
 *   This assumes the application logs in as the owner (or as a role with BYPASSRLS); any other
 *   role not switched to the tenant role gets no policy at all, so sees nothing.
 * - Superusers bypass RLS whatever the table says; that is why the tenant session switches role
 *   (`MikroOrmTenantSessionBinder`), rather than relying on the login role being restricted.
 * - This guards against mistakes, not against SQL injection: SQL running in a tenant session may
 *   still `RESET ROLE` (the login role is allowed to) or change the setting.
 *
 * Returns the statements it applied (`[]` when everything was in place). Throws
 * `MultitenancyConfigurationError` for invalid names, a missing table or tenant column, or a
 * role with SUPERUSER or BYPASSRLS.
 */
export async function enableTenantRowLevelSecurity(
  em: SqlEntityManager,
  options: TenantRowLevelSecurityOptions,
): Promise<string[]> {
  const o = resolveTenantRowLevelSecurityOptions(options);
  const connection = em.getConnection();
  return connection.transactional(async (trx) => {
    const applied: string[] = [];
    const run: TenantSqlRun = (sql, params = []) => connection.execute(sql, params, 'all', trx);
    const apply = async (sql: string) => {
      await run(sql);
      applied.push(sql);
    };
    await run(TENANT_RLS_LOCK_SQL);
    // Everything runs in one transaction: a failing check leaves nothing behind.
    await ensureTenantRole(run, apply, o.role, o.members);
    const states = new Map<ResolvedTenantTable, TableState>();
    for (const table of o.tables) states.set(table, await probeTable(run, o, table));
    for (const schema of new Set(o.tables.map((t) => t.schema))) {
      const [state] = await run<SchemaState>(SCHEMA_PROBE_SQL, [o.role, o.role, schema]);
      if (!state.usage) await apply(`GRANT USAGE ON SCHEMA "${schema}" TO "${o.role}"`);
      if (!state.execute) {
        await apply(`GRANT EXECUTE ON ALL ROUTINES IN SCHEMA "${schema}" TO "${o.role}"`);
      }
      const stamps = o.tables.some((t) => t.schema === schema && t.stampTenant);
      if (stamps && !state.stamp_function) await apply(createStampFunctionSql(schema));
    }
    for (const [table, state] of states) await protectTable(run, apply, o, table, state);
    return applied;
  });
}

async function probeTable(
  run: TenantSqlRun,
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
): Promise<TableState> {
  const r = o.role;
  const params = [r, r, r, r, t.column, TENANT_POLICY_NAME, t.schema, t.table];
  const [state] = await run<TableState>(TABLE_PROBE_SQL, params);
  if (!state) {
    throw new MultitenancyConfigurationError(
      `The table ${t.qualified} does not exist: run its store's migration (migrateEventStore, migrateProjections, migrateInbox...) before enableTenantRowLevelSecurity.`,
    );
  }
  if (state.column_type === null && !t.addColumn) {
    throw new MultitenancyConfigurationError(
      `The table ${t.qualified} has no "${t.column}" column: only tables holding the tenant id can be protected (or set addColumn to add it).`,
    );
  }
  if (state.column_type !== null && !/^(text|character varying)/.test(state.column_type)) {
    throw new MultitenancyConfigurationError(
      `The column "${t.column}" of ${t.qualified} is ${state.column_type}: the tenant column must be text.`,
    );
  }
  return state;
}

async function protectTable(
  run: TenantSqlRun,
  apply: TenantSqlApply,
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
  state: TableState,
): Promise<void> {
  const tenantDefault = sessionTenantSql(o.setting);
  if (state.column_type === null) {
    await apply(
      `ALTER TABLE ${t.qualified} ADD COLUMN "${t.column}" text DEFAULT ${tenantDefault}`,
    );
  } else if (t.addColumn && needsTenantDefault(state.column_default, o.setting)) {
    await apply(
      `ALTER TABLE ${t.qualified} ALTER COLUMN "${t.column}" SET DEFAULT ${tenantDefault}`,
    );
  }
  if (t.stampTenant) await stampTenant(apply, o, t, state);
  const missing = (['select', 'insert', 'update', 'delete'] as const).filter(
    (privilege) => !state[`can_${privilege}`],
  );
  if (missing.length > 0) {
    const list = missing.map((p) => p.toUpperCase()).join(', ');
    await apply(`GRANT ${list} ON ${t.qualified} TO "${o.role}"`);
  }
  const sequences = await run<{ sequence: string }>(SEQUENCE_PROBE_SQL, [
    state.oid,
    o.role,
    o.role,
  ]);
  for (const { sequence } of sequences) {
    await apply(`GRANT USAGE, SELECT ON SEQUENCE ${sequence} TO "${o.role}"`);
  }
  if (!state.rls) await apply(`ALTER TABLE ${t.qualified} ENABLE ROW LEVEL SECURITY`);
  if (state.has_policy && state.policy_signature === policySignature(o, t)) return;
  if (state.has_policy) await apply(`DROP POLICY "${TENANT_POLICY_NAME}" ON ${t.qualified}`);
  for (const sql of createPolicySql(o, t)) await apply(sql);
}

async function stampTenant(
  apply: TenantSqlApply,
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
  state: TableState,
): Promise<void> {
  if (state.has_stamp && state.stamp_signature === stampSignature(o, t)) return;
  if (state.has_stamp) await apply(`DROP TRIGGER "${STAMP_NAME}" ON ${t.qualified}`);
  for (const sql of createStampTriggerSql(o, t)) await apply(sql);
}
