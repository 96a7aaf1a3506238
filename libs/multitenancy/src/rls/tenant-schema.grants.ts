import type { TenantMigrator } from '../provisioning/tenant.migrator.js';
import { ensureTenantRole, type TenantSqlRun } from './tenant-role.ensure.js';
import { TENANT_RLS_LOCK_SQL } from './tenant-row-level-security.sql.js';
import { assertIdentifier, DEFAULT_TENANT_ROLE } from './tenant-row-level-security.options.js';

/** Options of {@link grantTenantRoleOnSchema}. */
export interface TenantSchemaGrantsOptions {
  /**
   * The role tenant sessions switch to; must match `MikroOrmTenantSessionBinder`'s `role` (and
   * `enableTenantRowLevelSecurity`'s). Created when missing, as the row-level-security set-up does.
   * @default 'cqrs_tenant'
   */
  readonly role?: string;
}

/**
 * A {@link TenantMigrator} (for `provisioning.migrators`) letting the tenant role use a
 * schema-per-tenant tenant's schema. `MikroOrmTenantSessionBinder` switches every transaction of
 * a tenant's commands and queries on the application's MikroORM to that role — schema tenants'
 * too, whose tables are in the application's database — so without it their queries are denied.
 *
 * Idempotently, in one transaction under the row-level-security set-up's advisory lock:
 * - creates the NOLOGIN role when missing and grants it to the current (login) user, with the
 *   same checks as `enableTenantRowLevelSecurity` (never SUPERUSER nor BYPASSRLS);
 * - grants USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on its tables, USAGE/SELECT on its
 *   sequences and EXECUTE on its routines;
 * - `ALTER DEFAULT PRIVILEGES IN SCHEMA` the same on the tables, sequences and routines the
 *   current user creates there later: the event store and the projections create theirs on the
 *   tenant's first use. Objects created by another role are not covered (default privileges
 *   belong to the creating role): run the stores' migrations as the login role that runs this.
 *
 * The schema holds one tenant's rows only, so no policy is needed: the role reaches the tenant's
 * schema and the shared tables it was granted, and no other tenant's schema (nothing is granted
 * there). Database-per-tenant tenants are skipped: their transactions run on their own MikroORM,
 * which the session binder does not switch.
 * @throws MultitenancyConfigurationError for an invalid role or schema name, or a role with
 * SUPERUSER or BYPASSRLS (when the migrator runs)
 */
export function grantTenantRoleOnSchema(options: TenantSchemaGrantsOptions = {}): TenantMigrator {
  const role = assertIdentifier(options.role ?? DEFAULT_TENANT_ROLE, 'The tenant role');
  return async ({ em, schema }) => {
    if (schema === undefined) return;
    const quoted = `"${assertIdentifier(schema, 'The tenant schema')}"`;
    const connection = em.getConnection();
    await connection.transactional(async (trx) => {
      const run: TenantSqlRun = (sql, params = []) => connection.execute(sql, params, 'all', trx);
      const apply = async (sql: string) => {
        await run(sql);
      };
      await run(TENANT_RLS_LOCK_SQL);
      await ensureTenantRole(run, apply, role, undefined);
      await run(`GRANT USAGE ON SCHEMA ${quoted} TO "${role}"`);
      for (const [privileges, objects] of SCHEMA_PRIVILEGES) {
        await run(`GRANT ${privileges} ON ALL ${objects} IN SCHEMA ${quoted} TO "${role}"`);
        await run(
          `ALTER DEFAULT PRIVILEGES IN SCHEMA ${quoted} GRANT ${privileges} ON ${objects} TO "${role}"`,
        );
      }
    });
  };
}

/** What the tenant role may do with each kind of object of its tenant's schema. */
const SCHEMA_PRIVILEGES = [
  ['SELECT, INSERT, UPDATE, DELETE', 'TABLES'],
  ['USAGE, SELECT', 'SEQUENCES'],
  ['EXECUTE', 'ROUTINES'],
] as const;
