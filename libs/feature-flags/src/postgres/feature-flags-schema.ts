import { FeatureFlagsConfigurationError } from '../errors/feature-flags-configuration.error.js';

/** What the feature-flag stores need of a database connection (`em.getConnection()` fits). */
export interface FeatureFlagsSqlConnection {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Default PostgreSQL schema of the `feature_flags` table. */
export const DEFAULT_FEATURE_FLAGS_SCHEMA = 'public';

/** The quoted names of the feature-flag objects in one schema, and its notification channel. */
export interface FeatureFlagTables {
  /** `"schema"` */
  readonly schema: string;
  /** `"schema"."feature_flags"` */
  readonly flags: string;
  /** `NOTIFY` channel of changes to the table (one per schema). */
  readonly channel: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL truncates channel names to 63 bytes; a collision only costs a spurious reload. */
const MAX_CHANNEL_LENGTH = 63;

/**
 * The quoted object names in `schema`.
 * @throws FeatureFlagsConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export function featureFlagTables(
  schema: string = DEFAULT_FEATURE_FLAGS_SCHEMA,
): FeatureFlagTables {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    throw new FeatureFlagsConfigurationError(
      `the feature-flags schema must be a lower-case SQL identifier of at most 63 characters, got ${JSON.stringify(schema)}`,
    );
  }
  return {
    schema: `"${schema}"`,
    flags: `"${schema}"."feature_flags"`,
    channel: `cqrs_ddd_feature_flags_${schema}`.slice(0, MAX_CHANNEL_LENGTH),
  };
}

/** The idempotent DDL of the `feature_flags` table, as one script. */
export function featureFlagsSchemaDdl(tables: FeatureFlagTables): string {
  return `
    SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:feature-flags-schema'));
    CREATE SCHEMA IF NOT EXISTS ${tables.schema};
    CREATE TABLE IF NOT EXISTS ${tables.flags} (
      tenant_id text NOT NULL DEFAULT '',
      key text NOT NULL CHECK (key <> ''),
      definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
      version integer NOT NULL CHECK (version > 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text,
      PRIMARY KEY (tenant_id, key)
    );
  `;
}

/**
 * Creates the `feature_flags` table (and its schema) when missing. Idempotent; the DDL runs as
 * one multi-statement script — one implicit transaction holding an advisory lock — so
 * instances starting together can all call it. The connection must accept several statements
 * in one call (MikroORM's `em.getConnection()` does).
 *
 * One row per flag and scope: `tenant_id = ''` holds the global definition, a tenant's row
 * overrides it for that tenant. `definition` is the flag definition without its key (JSON),
 * `version` counts changes (optimistic concurrency of the admin API).
 * @param schema PostgreSQL schema of the table. @default 'public'
 * @throws FeatureFlagsConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export async function ensureFeatureFlagsSchema(
  connection: FeatureFlagsSqlConnection,
  schema?: string,
): Promise<void> {
  await connection.execute(featureFlagsSchemaDdl(featureFlagTables(schema)));
}
