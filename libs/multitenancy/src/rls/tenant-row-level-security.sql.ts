import type {
  ResolvedTenantRowLevelSecurityOptions,
  ResolvedTenantTable,
} from './tenant-row-level-security.options.js';

// Every name inlined below was validated as a lower-case identifier (or dotted setting name)
// by `resolveTenantRowLevelSecurityOptions`, so double-quoting (or single-quoting) it is safe.

/** Name of the policy `enableTenantRowLevelSecurity` manages on each table. */
export const TENANT_POLICY_NAME = 'cqrs_tenant_isolation';

/** Name of the trigger stamping tenant-less rows (`stampTenant`), and of its function. */
export const STAMP_NAME = 'cqrs_ddd_stamp_tenant';

/** Key of the advisory lock serialising concurrent runs (per database). */
export const TENANT_RLS_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:tenant-row-level-security'))`;

/** `NULLIF(current_setting('<setting>', true), '')`: the session's tenant, or NULL. */
export function sessionTenantSql(setting: string): string {
  return `NULLIF(current_setting('${setting}', true), '')`;
}

/** Attributes of the role (no row when it does not exist). */
export const ROLE_PROBE_SQL =
  'SELECT rolsuper AS superuser, rolbypassrls AS bypass_rls FROM pg_roles WHERE rolname = ?';

/** Creates the NOLOGIN role, tolerating a concurrent creation (roles are cluster-wide). */
export function createRoleSql(role: string): string {
  return `DO $do$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE "${role}" NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $do$`;
}

/** `member` (or the current user) as SQL: a quoted identifier or `CURRENT_USER`. */
function memberSql(member: string | undefined): string {
  return member === undefined ? 'CURRENT_USER' : `"${member}"`;
}

/** Whether `member` (or the current user) may already `SET ROLE` to the role. */
export function membershipProbeSql(member: string | undefined, role: string): string {
  const who = member === undefined ? 'current_user' : `'${member}'`;
  return `SELECT pg_has_role(${who}, '${role}', 'MEMBER') AS member`;
}

/** Grants the role to `member` (or the current user), tolerating a concurrent grant. */
export function grantMembershipSql(member: string | undefined, role: string): string {
  return `DO $do$ BEGIN
  GRANT "${role}" TO ${memberSql(member)};
EXCEPTION WHEN unique_violation THEN NULL;
END $do$`;
}

/**
 * Whether the role (1st parameter) may use the schema (2nd) and execute all its routines, and
 * whether the schema has the stamp trigger function.
 */
export const SCHEMA_PROBE_SQL = `SELECT has_schema_privilege(?, n.oid, 'USAGE') AS usage,
    NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid AND p.prokind IN ('f', 'p')
      AND NOT has_function_privilege(?, p.oid, 'EXECUTE')) AS execute,
    EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid
      AND p.proname = '${STAMP_NAME}' AND p.pronargs = 0) AS stamp_function
  FROM pg_namespace n WHERE n.nspname = ?`;

/** What the migration needs to know about one table (no row when the table does not exist). */
export interface TableState {
  readonly oid: number;
  readonly rls: boolean;
  readonly column_type: string | null;
  readonly column_default: string | null;
  readonly can_select: boolean;
  readonly can_insert: boolean;
  readonly can_update: boolean;
  readonly can_delete: boolean;
  readonly policy_signature: string | null;
  readonly has_policy: boolean;
  readonly stamp_signature: string | null;
  readonly has_stamp: boolean;
}

/** Probes one table; parameters: role ×4, column, policy name, schema, table. */
export const TABLE_PROBE_SQL = `SELECT c.oid::int AS oid, c.relrowsecurity AS rls,
    format_type(a.atttypid, a.atttypmod) AS column_type,
    pg_get_expr(d.adbin, d.adrelid) AS column_default,
    has_table_privilege(?, c.oid, 'SELECT') AS can_select,
    has_table_privilege(?, c.oid, 'INSERT') AS can_insert,
    has_table_privilege(?, c.oid, 'UPDATE') AS can_update,
    has_table_privilege(?, c.oid, 'DELETE') AS can_delete,
    obj_description(pol.oid, 'pg_policy') AS policy_signature,
    pol.oid IS NOT NULL AS has_policy,
    obj_description(tg.oid, 'pg_trigger') AS stamp_signature,
    tg.oid IS NOT NULL AS has_stamp
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
  LEFT JOIN pg_policy pol ON pol.polrelid = c.oid AND pol.polname = ?
  LEFT JOIN pg_trigger tg ON tg.tgrelid = c.oid AND tg.tgname = '${STAMP_NAME}'
  WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')`;

/** Sequences owned by a table's columns (serial, identity) the role cannot use yet. */
export const SEQUENCE_PROBE_SQL = `SELECT s.oid::regclass::text AS sequence FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
    AND d.refobjid = ? AND d.deptype IN ('a', 'i')
    AND NOT (has_sequence_privilege(?, s.oid, 'USAGE') AND has_sequence_privilege(?, s.oid, 'SELECT'))
  ORDER BY 1`;

/** The text stored as the policy's comment, to tell whether it matches the options. */
export function policySignature(
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
): string {
  return `cqrs-ddd tenant isolation v1: role=${o.role} column=${t.column} setting=${o.setting}`;
}

/** `CREATE POLICY` (and its signature comment) for one table. */
export function createPolicySql(
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
): string[] {
  const matches = `"${t.column}" = current_setting('${o.setting}', true)`;
  return [
    `CREATE POLICY "${TENANT_POLICY_NAME}" ON ${t.qualified} AS PERMISSIVE FOR ALL TO "${o.role}" ` +
      `USING (${matches}) WITH CHECK (${matches})`,
    `COMMENT ON POLICY "${TENANT_POLICY_NAME}" ON ${t.qualified} IS '${policySignature(o, t)}'`,
  ];
}

/**
 * Whether a column default should be (re)set to the session's tenant: it has none, or it is the
 * one `enableTenantRowLevelSecurity` sets, but for another setting (the setting was renamed). Other defaults are
 * the application's and stay.
 */
export function needsTenantDefault(current: string | null, setting: string): boolean {
  if (current === null) return true;
  const ours = /^NULLIF\(current_setting\('([^']+)'::text, true\), ''::text\)$/.exec(current);
  return ours !== null && ours[1] !== setting;
}

/** The schema's trigger function stamping rows (arguments: column, setting) with the tenant. */
export function createStampFunctionSql(schema: string): string {
  return `CREATE OR REPLACE FUNCTION "${schema}"."${STAMP_NAME}"() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_tenant text := NULLIF(current_setting(TG_ARGV[1], true), '');
BEGIN
  IF v_tenant IS NOT NULL AND to_jsonb(NEW) ->> TG_ARGV[0] IS NULL THEN
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], v_tenant));
  END IF;
  RETURN NEW;
END
$fn$`;
}

/** The trigger's comment, to tell whether it matches the options. */
export function stampSignature(
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
): string {
  return `cqrs-ddd tenant stamp v1: column=${t.column} setting=${o.setting}`;
}

/** `CREATE TRIGGER` (and its signature comment) stamping one table's tenant-less rows. */
export function createStampTriggerSql(
  o: ResolvedTenantRowLevelSecurityOptions,
  t: ResolvedTenantTable,
): string[] {
  return [
    `CREATE TRIGGER "${STAMP_NAME}" BEFORE INSERT ON ${t.qualified} FOR EACH ROW ` +
      `EXECUTE FUNCTION "${t.schema}"."${STAMP_NAME}"('${t.column}', '${o.setting}')`,
    `COMMENT ON TRIGGER "${STAMP_NAME}" ON ${t.qualified} IS '${stampSignature(o, t)}'`,
  ];
}
