import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { assertIdentifier, DEFAULT_TENANT_ROLE } from './tenant-row-level-security.options.js';

/** A table without tenant rows that tenant sessions still use. */
export interface SharedTable {
  readonly schema: string;
  readonly table: string;
  /** Read only (`SELECT`), or read and write. @default false (read and write) */
  readonly readOnly?: boolean;
}

/**
 * The projections' processor tables (checkpoints, projection states, leases, parked events),
 * which commands and queries touch while running as the tenant role: a read with `minVersion`
 * reads checkpoints, an inline projection saves one in the command's transaction. They hold
 * no tenant data, so they are granted without a policy.
 */
export function projectionsSharedTables(options: { readonly schema?: string } = {}): SharedTable[] {
  const schema = assertIdentifier(options.schema ?? 'public', 'The projections schema');
  return [
    'processor_checkpoints',
    'projection_states',
    'processor_leases',
    'processor_parked_events',
  ].map((table) => ({ schema, table }));
}

/**
 * Grants the tenant role (created by `enableTenantRowLevelSecurity`) the use of `tables`, which
 * carry no tenant rows, without row-level security. Idempotent. Run it after the RLS set-up.
 * @throws MultitenancyConfigurationError for invalid names or a missing table
 */
export async function grantTenantRole(
  em: SqlEntityManager,
  tables: readonly SharedTable[],
  role: string = DEFAULT_TENANT_ROLE,
): Promise<void> {
  assertIdentifier(role, 'The tenant role');
  const connection = em.getConnection();
  for (const { schema, table, readOnly = false } of tables) {
    assertIdentifier(schema, 'The schema');
    assertIdentifier(table, 'The table');
    const [found] = await connection.execute<{ exists: boolean }[]>(
      'SELECT to_regclass(?) IS NOT NULL AS exists',
      [`"${schema}"."${table}"`],
    );
    if (!found?.exists) {
      throw new MultitenancyConfigurationError(
        `Table "${schema}"."${table}" does not exist: run its migrations before granting it.`,
      );
    }
    const privileges = readOnly ? 'SELECT' : 'SELECT, INSERT, UPDATE, DELETE';
    await connection.execute(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
    await connection.execute(`GRANT ${privileges} ON "${schema}"."${table}" TO "${role}"`);
  }
}
