import { SchedulingConfigurationError } from './scheduling-configuration.error.js';

/** Default PostgreSQL schema of the scheduling tables. */
export const DEFAULT_SCHEDULING_SCHEMA = 'public';

/** The quoted, schema-qualified names of the scheduling tables. */
export interface SchedulingTables {
  /** `"schema"` */
  readonly schema: string;
  /** `"schema"."scheduled_commands"`: commands waiting for (or done at) their time. */
  readonly commands: string;
  /** `"schema"."jobs"`: background jobs and their attempts. */
  readonly jobs: string;
}

/** Options of {@link migrateScheduling}. */
export interface MigrateSchedulingOptions {
  /** PostgreSQL schema of the tables. @default 'public' */
  readonly schema?: string;
  /**
   * Role the application connects as, when it is not the migrating role (e.g. a role subject to
   * row-level security elsewhere). It is granted `USAGE` on the schema and `SELECT, INSERT,
   * UPDATE` on both tables — the workers update rows, nothing deletes them.
   * @default undefined (no grants: the application runs as the owner)
   */
  readonly appRole?: string;
}

/** What the migration needs of a connection; `em.getConnection()` fits. */
export interface SchedulingSqlConnection {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/**
 * The quoted names of the scheduling tables in `schema`.
 * @throws SchedulingConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export function schedulingTables(schema: string = DEFAULT_SCHEDULING_SCHEMA): SchedulingTables {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new SchedulingConfigurationError(
      `The scheduling schema must be a lower-case SQL identifier of at most 63 characters, got ${JSON.stringify(schema)}.`,
    );
  }
  return {
    schema: `"${schema}"`,
    commands: `"${schema}"."scheduled_commands"`,
    jobs: `"${schema}"."jobs"`,
  };
}

/**
 * Creates (when missing) the `scheduled_commands` and `jobs` tables and grants `appRole` what the
 * application needs. Idempotent; one multi-statement script holding an advisory lock, so
 * instances starting together can all run it. `tenant_key` is the tenant id or `''`: keys are
 * unique per tenant among pending commands, and among unfinished jobs of one name.
 * @throws SchedulingConfigurationError for an invalid schema or role name
 */
export async function migrateScheduling(
  connection: SchedulingSqlConnection,
  options: MigrateSchedulingOptions = {},
): Promise<void> {
  const tables = schedulingTables(options.schema);
  const { appRole } = options;
  if (appRole !== undefined && (typeof appRole !== 'string' || !ROLE_NAME.test(appRole))) {
    throw new SchedulingConfigurationError(
      `The scheduling appRole must be a PostgreSQL role name (letters, digits, _, $ or -, at most 63 characters), got ${JSON.stringify(appRole)}.`,
    );
  }
  const grants = appRole === undefined ? '' : grantsDdl(tables, `"${appRole}"`);
  await connection.execute(`${schedulingDdl(tables)}\n${grants}`);
}

/** The idempotent DDL of the scheduling tables, as one script. */
export function schedulingDdl({ schema, commands, jobs }: SchedulingTables): string {
  return `
    SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:scheduling-schema'));
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${commands} (
      id text COLLATE "C" PRIMARY KEY,
      tenant_key text NOT NULL,
      tenant_id text,
      key text NOT NULL CHECK (key <> ''),
      command_type text NOT NULL,
      command_data jsonb NOT NULL,
      context jsonb NOT NULL,
      run_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX IF NOT EXISTS scheduled_commands_pending_key
      ON ${commands} (tenant_key, key) WHERE status = 'pending';
    CREATE INDEX IF NOT EXISTS scheduled_commands_due
      ON ${commands} (run_at) WHERE status = 'pending';
    CREATE TABLE IF NOT EXISTS ${jobs} (
      id text COLLATE "C" PRIMARY KEY,
      tenant_key text NOT NULL,
      tenant_id text,
      name text NOT NULL,
      key text,
      payload jsonb NOT NULL,
      context jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL CHECK (max_attempts > 0),
      backoff_initial_ms integer NOT NULL,
      backoff_max_ms integer NOT NULL,
      timeout_ms integer,
      run_at timestamptz NOT NULL,
      locked_by text,
      lease_expires_at timestamptz,
      last_error text,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE UNIQUE INDEX IF NOT EXISTS jobs_unfinished_key
      ON ${jobs} (tenant_key, name, key) WHERE key IS NOT NULL AND status IN ('pending', 'running');
    CREATE INDEX IF NOT EXISTS jobs_due ON ${jobs} (run_at) WHERE status = 'pending';
    CREATE INDEX IF NOT EXISTS jobs_leases ON ${jobs} (lease_expires_at) WHERE status = 'running';
    CREATE INDEX IF NOT EXISTS jobs_by_status ON ${jobs} (status, name, created_at DESC);
  `;
}

/** Grants of the application role: read, add and update rows, nothing else. */
function grantsDdl({ schema, commands, jobs }: SchedulingTables, role: string): string {
  return `
    GRANT USAGE ON SCHEMA ${schema} TO ${role};
    GRANT SELECT, INSERT, UPDATE ON ${commands}, ${jobs} TO ${role};
    REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${commands}, ${jobs} FROM ${role};
  `;
}
