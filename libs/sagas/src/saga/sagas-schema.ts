import { SagasConfigurationError } from '../errors/sagas-configuration.error.js';

/** The quoted, schema-qualified names of the saga tables. */
export interface SagaTables {
  /** `"schema"` */
  readonly schema: string;
  /** `"schema"."saga_instances"`: one row per instance. */
  readonly instances: string;
  /** `"schema"."saga_commands"`: the commands instances recorded, dispatched in order. */
  readonly commands: string;
}

/** Options of {@link migrateSagas}. */
export interface MigrateSagasOptions {
  /** PostgreSQL schema of the tables. @default 'public' */
  readonly schema?: string;
  /**
   * Role the application connects as, when it is not the migrating role. It is granted `USAGE`
   * on the schema, `SELECT, INSERT, UPDATE` on both tables and the command sequence (nothing
   * deletes rows). @default undefined (no grants: the application runs as the owner)
   */
  readonly appRole?: string;
}

/** What the migration needs of a connection; `em.getConnection()` fits. */
export interface SagasSqlConnection {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/**
 * The quoted names of the saga tables in `schema`.
 * @throws SagasConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export function sagaTables(schema = 'public'): SagaTables {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new SagasConfigurationError(
      `The sagas schema must be a lower-case SQL identifier of at most 63 characters, got ${JSON.stringify(schema)}.`,
    );
  }
  return {
    schema: `"${schema}"`,
    instances: `"${schema}"."saga_instances"`,
    commands: `"${schema}"."saga_commands"`,
  };
}

/**
 * Creates (when missing) the `saga_instances` and `saga_commands` tables and grants `appRole`
 * what the application needs. Idempotent; one multi-statement script holding an advisory lock,
 * so instances starting together can all run it.
 * @throws SagasConfigurationError for an invalid schema or role name
 */
export async function migrateSagas(
  connection: SagasSqlConnection,
  options: MigrateSagasOptions = {},
): Promise<void> {
  const tables = sagaTables(options.schema);
  const { appRole } = options;
  if (appRole !== undefined && (typeof appRole !== 'string' || !ROLE_NAME.test(appRole))) {
    throw new SagasConfigurationError(
      `The sagas appRole must be a PostgreSQL role name (letters, digits, _, $ or -, at most 63 characters), got ${JSON.stringify(appRole)}.`,
    );
  }
  const grants = appRole === undefined ? '' : grantsDdl(tables, `"${appRole}"`);
  await connection.execute(`${sagasDdl(tables)}\n${grants}`);
}

/** The idempotent DDL of the saga tables, as one script. */
export function sagasDdl({ schema, instances, commands }: SagaTables): string {
  return `
    SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:sagas-schema'));
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${instances} (
      saga_name text COLLATE "C" NOT NULL,
      saga_id text COLLATE "C" NOT NULL,
      tenant_id text,
      status text NOT NULL
        CHECK (status IN ('running', 'compensating', 'completed', 'compensated', 'failed')),
      step_index integer NOT NULL,
      step text,
      completed_steps jsonb NOT NULL,
      state jsonb NOT NULL,
      version integer NOT NULL,
      reason text,
      correlation_id text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (saga_name, saga_id)
    );
    CREATE INDEX IF NOT EXISTS saga_instances_status
      ON ${instances} (saga_name, status, saga_id);
    CREATE TABLE IF NOT EXISTS ${commands} (
      seq bigserial PRIMARY KEY,
      id text COLLATE "C" NOT NULL UNIQUE,
      saga_name text COLLATE "C" NOT NULL,
      saga_id text COLLATE "C" NOT NULL,
      tenant_id text,
      kind text NOT NULL CHECK (kind IN ('step', 'compensation')),
      step text,
      command_type text NOT NULL,
      command_data jsonb NOT NULL,
      correlation_id text NOT NULL,
      causation_id text,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'dispatched', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      available_at timestamptz NOT NULL DEFAULT now(),
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    );
    -- Added with tracing: tables created before get the column too.
    ALTER TABLE ${commands} ADD COLUMN IF NOT EXISTS traceparent text;
    CREATE INDEX IF NOT EXISTS saga_commands_pending
      ON ${commands} (seq) WHERE status = 'pending';
    CREATE INDEX IF NOT EXISTS saga_commands_instance
      ON ${commands} (saga_name, saga_id, seq);
  `;
}

function grantsDdl({ schema, instances, commands }: SagaTables, role: string): string {
  const sequence = `${commands.slice(0, -1)}_seq_seq"`;
  return `
    GRANT USAGE ON SCHEMA ${schema} TO ${role};
    GRANT SELECT, INSERT, UPDATE ON ${instances}, ${commands} TO ${role};
    GRANT USAGE, SELECT ON SEQUENCE ${sequence} TO ${role};
  `;
}
