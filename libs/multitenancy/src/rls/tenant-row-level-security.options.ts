import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';

/** Default database role the tenant sessions switch to (`SET LOCAL ROLE`). */
export const DEFAULT_TENANT_ROLE = 'cqrs_tenant';
/** Default custom setting carrying the tenant id of a session (`current_setting('app.tenant_id')`). */
export const DEFAULT_TENANT_SETTING = 'app.tenant_id';
/** Default name of the tenant column of the protected tables. */
export const DEFAULT_TENANT_COLUMN = 'tenant_id';

/** One table whose rows are kept apart by tenant with a row-level-security policy. */
export interface TenantTable {
  /** PostgreSQL schema of the table: a lower-case SQL identifier. */
  readonly schema: string;
  /** Table name: a lower-case SQL identifier. */
  readonly table: string;
  /**
   * The `text` column holding the owning tenant's id.
   * @default 'tenant_id'
   */
  readonly column?: string;
  /**
   * Add the column when the table lacks it, as `text DEFAULT NULLIF(current_setting(<setting>,
   * true), '')`, so rows written in a tenant session carry the tenant without the writer naming
   * it. Without this flag a table without the column is a configuration error.
   * @default false
   */
  readonly addColumn?: boolean;
  /**
   * Stamp rows inserted in a tenant session without a tenant (column omitted or NULL) with the
   * session's tenant, by a `BEFORE INSERT` trigger, for tables some writers insert into without
   * naming the tenant: the event store's `streams`, whose upserts propose rows without one.
   * Outside tenant sessions rows are left as written.
   * @default false
   */
  readonly stampTenant?: boolean;
}

/** Options of `enableTenantRowLevelSecurity`. */
export interface TenantRowLevelSecurityOptions {
  /**
   * The NOLOGIN role the policies apply to, which tenant sessions switch to (created when
   * missing, never with SUPERUSER or BYPASSRLS). Must match `MikroOrmTenantSessionBinder`'s `role`.
   * @default 'cqrs_tenant'
   */
  readonly role?: string;
  /**
   * The custom setting holding the session's tenant id: a dotted name such as `app.tenant_id`.
   * Must match `MikroOrmTenantSessionBinder`'s `setting`.
   * @default 'app.tenant_id'
   */
  readonly setting?: string;
  /** The tables to protect (see `suiteTenantTables` for the suite's own). At least one. */
  readonly tables: readonly TenantTable[];
  /**
   * Login roles granted membership of {@link role}, so that they may `SET ROLE` to it (roles
   * that already are members, superusers included, are skipped).
   * @default the role running the migration (`current_user`)
   */
  readonly members?: readonly string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const SETTING = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$/;

/** `value`, checked to be a lower-case SQL identifier (so it can be inlined, double-quoted). */
export function assertIdentifier(value: string, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new MultitenancyConfigurationError(
      `${what} must be a lower-case SQL identifier (1-63 of a-z, 0-9, _; not starting with a digit), got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** `value`, checked to be a dotted custom setting name such as `app.tenant_id`. */
export function assertSettingName(value: string): string {
  if (typeof value !== 'string' || value.length > 128 || !SETTING.test(value)) {
    throw new MultitenancyConfigurationError(
      `The tenant setting must be a dotted lower-case name such as "app.tenant_id", got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** A table of {@link TenantRowLevelSecurityOptions}, validated and with its defaults. */
export interface ResolvedTenantTable {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly addColumn: boolean;
  readonly stampTenant: boolean;
  /** `"schema"."table"` */
  readonly qualified: string;
}

/** {@link TenantRowLevelSecurityOptions}, validated and with their defaults. */
export interface ResolvedTenantRowLevelSecurityOptions {
  readonly role: string;
  readonly setting: string;
  readonly tables: readonly ResolvedTenantTable[];
  /** `undefined`: `current_user`. */
  readonly members: readonly string[] | undefined;
}

/** Validates `options` (throws `MultitenancyConfigurationError`) and applies the defaults. */
export function resolveTenantRowLevelSecurityOptions(
  options: TenantRowLevelSecurityOptions,
): ResolvedTenantRowLevelSecurityOptions {
  const role = assertIdentifier(options.role ?? DEFAULT_TENANT_ROLE, 'The tenant role');
  const setting = assertSettingName(options.setting ?? DEFAULT_TENANT_SETTING);
  if (!Array.isArray(options.tables) || options.tables.length === 0) {
    throw new MultitenancyConfigurationError(
      'enableTenantRowLevelSecurity needs at least one table: list them in `tables` (e.g. suiteTenantTables({ eventStore: {} })).',
    );
  }
  const seen = new Map<string, ResolvedTenantTable>();
  for (const t of options.tables) {
    const schema = assertIdentifier(t.schema, 'A tenant table schema');
    const table = assertIdentifier(t.table, 'A tenant table name');
    const column = assertIdentifier(t.column ?? DEFAULT_TENANT_COLUMN, 'A tenant column');
    const qualified = `"${schema}"."${table}"`;
    if (seen.has(qualified)) {
      throw new MultitenancyConfigurationError(`The table ${qualified} is listed twice.`);
    }
    const addColumn = t.addColumn ?? false;
    const stampTenant = t.stampTenant ?? false;
    seen.set(qualified, { schema, table, column, addColumn, stampTenant, qualified });
  }
  const members = options.members?.map((m) => assertIdentifier(m, 'A member role'));
  return { role, setting, tables: [...seen.values()], members };
}
