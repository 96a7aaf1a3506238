import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';

/** Where `PostgresTenantRegistry` keeps its table, `<schema>.<tablePrefix>tenants`. */
export interface TenantRegistrySchemaOptions {
  /**
   * PostgreSQL schema of the table (created by {@link migrateTenantRegistry} when missing): a
   * lower-case identifier (`a-z`, `0-9`, `_`, not starting with a digit).
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Prefix of the table and index names, so the registry can share a schema with other tables:
   * empty, or up to 38 of `a-z`, `0-9`, `_`, not starting with a digit.
   * @default 'cqrs_'
   */
  readonly tablePrefix?: string;
}

/** Default {@link TenantRegistrySchemaOptions.schema}. */
export const DEFAULT_TENANT_REGISTRY_SCHEMA = 'public';
/** Default {@link TenantRegistrySchemaOptions.tablePrefix}. */
export const DEFAULT_TENANT_REGISTRY_TABLE_PREFIX = 'cqrs_';

/** Names derived from {@link TenantRegistrySchemaOptions}. */
export interface TenantRegistryNames {
  /** `"schema"` */
  readonly quotedSchema: string;
  /** `"schema"."<prefix>tenants"` */
  readonly table: string;
  /** Unquoted names of the constraints, to recognise their violations. */
  readonly constraints: {
    readonly primaryKey: string;
    readonly schemaName: string;
    readonly databaseUrl: string;
    readonly tier: string;
  };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
// The longest derived name is `<prefix>tenants_database_url_key` (25 characters + prefix).
const MAX_PREFIX_LENGTH = 63 - 25;

/**
 * Validates `options` and derives the names of the registry's table and constraints.
 * @throws MultitenancyConfigurationError when a name is not a plain lower-case identifier
 */
export function tenantRegistryNames(
  options: TenantRegistrySchemaOptions = {},
): TenantRegistryNames {
  const schema = options.schema ?? DEFAULT_TENANT_REGISTRY_SCHEMA;
  const prefix = options.tablePrefix ?? DEFAULT_TENANT_REGISTRY_TABLE_PREFIX;
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema) || schema.length > 63) {
    throw new MultitenancyConfigurationError(
      `The tenant registry schema must be a lower-case SQL identifier of at most 63 characters, got ${JSON.stringify(schema)}.`,
    );
  }
  if (
    typeof prefix !== 'string' ||
    (prefix !== '' && (!IDENTIFIER.test(prefix) || prefix.length > MAX_PREFIX_LENGTH))
  ) {
    throw new MultitenancyConfigurationError(
      `The tenant registry table prefix must be empty or a lower-case SQL identifier of at most ${MAX_PREFIX_LENGTH} characters, got ${JSON.stringify(prefix)}.`,
    );
  }
  return {
    quotedSchema: `"${schema}"`,
    table: `"${schema}"."${prefix}tenants"`,
    constraints: {
      primaryKey: `${prefix}tenants_pkey`,
      schemaName: `${prefix}tenants_schema_name_key`,
      databaseUrl: `${prefix}tenants_database_url_key`,
      tier: `${prefix}tenants_tier_check`,
    },
  };
}

/** The idempotent DDL of the registry's table, in order. */
export function tenantRegistryDdl(names: TenantRegistryNames): string[] {
  const { table, constraints } = names;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${names.quotedSchema}`,
    // Ids collate as "C" (code-unit order, as JavaScript sorts), so `ORDER BY id` lists tenants
    // in the same order as the in-memory registry. The tier check keeps each tier's location.
    `CREATE TABLE IF NOT EXISTS ${table} (
      id text COLLATE "C" NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      status text NOT NULL CHECK (status IN ('active', 'suspended')),
      isolation text NOT NULL CHECK (isolation IN ('shared', 'schema', 'database')),
      schema_name text,
      database_url text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT "${constraints.primaryKey}" PRIMARY KEY (id),
      CONSTRAINT "${constraints.tier}" CHECK (
        (isolation = 'shared' AND schema_name IS NULL AND database_url IS NULL)
        OR (isolation = 'schema' AND schema_name IS NOT NULL AND database_url IS NULL)
        OR (isolation = 'database' AND database_url IS NOT NULL AND schema_name IS NULL)
      )
    )`,
    // Two tenants sharing a schema or a database would see each other's data.
    `CREATE UNIQUE INDEX IF NOT EXISTS "${constraints.schemaName}" ON ${table} (schema_name)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS "${constraints.databaseUrl}" ON ${table} (database_url)`,
  ];
}

/**
 * Creates the tenant registry's schema and table when missing: idempotent DDL, serialised by a
 * transaction-scoped advisory lock, so application instances starting together can all call it.
 * @throws MultitenancyConfigurationError when a name in `options` is not a plain identifier
 */
export async function migrateTenantRegistry(
  em: SqlEntityManager,
  options: TenantRegistrySchemaOptions = {},
): Promise<void> {
  const names = tenantRegistryNames(options);
  await em.transactional(async (tx) => {
    await tx.execute(`SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:tenant-registry-schema'))`);
    for (const statement of tenantRegistryDdl(names)) await tx.execute(statement);
  });
}
