import { AuditConfigurationError } from '../chain/audit-configuration.error.js';

/** Default PostgreSQL schema of the audit tables. */
export const DEFAULT_AUDIT_SCHEMA = 'public';

/** The quoted, schema-qualified names of the audit objects. */
export interface AuditTables {
  /** `"schema"` */
  readonly schema: string;
  /** `"schema"."audit_log"`: the entries, append-only. */
  readonly log: string;
  /** `"schema"."audit_anchors"`: per chain, the last entry purged (sequence and hash). */
  readonly anchors: string;
  /** `"schema"."audit_purge"`: the retention function, the only way entries are deleted. */
  readonly purge: string;
  /** `"schema"."audit_log_append_only"`: the trigger function refusing changes. */
  readonly appendOnly: string;
}

/** Options of {@link ensureAuditSchema}. */
export interface EnsureAuditSchemaOptions {
  /** PostgreSQL schema of the audit tables. @default 'public' */
  readonly schema?: string;
  /**
   * Role the application connects as (not the role running this migration, which owns the
   * tables). It is granted only `USAGE` on the schema, `SELECT, INSERT` on the log, `SELECT` on
   * the anchors and `EXECUTE` on the purge function, and its `UPDATE`, `DELETE` and `TRUNCATE`
   * on the log are revoked.
   * @default undefined (no grants: the application runs as the owner, guarded by the triggers)
   */
  readonly appRole?: string;
}

/** What the audit schema functions need of a connection; `em.getConnection()` fits. */
export interface AuditSqlConnection {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/**
 * The quoted names of the audit objects in `schema`.
 * @throws AuditConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export function auditTables(schema: string = DEFAULT_AUDIT_SCHEMA): AuditTables {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new AuditConfigurationError(
      `The audit schema must be a lower-case SQL identifier of at most 63 characters, got ${JSON.stringify(schema)}.`,
    );
  }
  const name = (object: string) => `"${schema}"."${object}"`;
  return {
    schema: `"${schema}"`,
    log: name('audit_log'),
    anchors: name('audit_anchors'),
    purge: name('audit_purge'),
    appendOnly: name('audit_log_append_only'),
  };
}

/**
 * Creates (when missing) the append-only, hash-chained audit log and its retention objects, and
 * grants `appRole` what the application needs and nothing more. Idempotent; the DDL runs as one
 * multi-statement script — one implicit transaction holding an advisory lock — so instances
 * starting together can all call it. Run it as the role that should own the tables.
 *
 * - `audit_log`: one row per entry, unique by `id` and by `(tenant_key, sequence)`; `tenant_key`
 *   is the tenant id or `''` for platform entries. Row triggers refuse every `UPDATE` and
 *   `DELETE`, a statement trigger every `TRUNCATE` (`P0001`, "audit log is append-only") — for
 *   the owner too.
 * - `audit_purge(cutoff timestamptz)`: `SECURITY DEFINER`, owned by the migrating role. Per
 *   chain, under the chain's advisory lock, it stores the retention anchor in `audit_anchors`,
 *   then deletes the oldest entries that all occurred before `cutoff`; the triggers let these
 *   deletes through by a transaction-local setting the function turns on and off again. That
 *   setting is no credential: the application role has no `DELETE` privilege, so it cannot
 *   delete with it either.
 * @throws AuditConfigurationError for an invalid schema or role name
 */
export async function ensureAuditSchema(
  connection: AuditSqlConnection,
  options: EnsureAuditSchemaOptions = {},
): Promise<void> {
  const tables = auditTables(options.schema);
  const { appRole } = options;
  if (appRole !== undefined && (typeof appRole !== 'string' || !ROLE_NAME.test(appRole))) {
    throw new AuditConfigurationError(
      `The audit appRole must be a PostgreSQL role name (letters, digits, _, $ or -, at most 63 characters), got ${JSON.stringify(appRole)}.`,
    );
  }
  const grants = appRole === undefined ? '' : auditGrantsDdl(tables, appRole);
  await connection.execute(`${auditSchemaDdl(tables)}\n${grants}`);
}

/** The idempotent DDL of the audit objects, as one script. */
export function auditSchemaDdl(tables: AuditTables): string {
  const { schema, log, anchors, purge } = tables;
  return `
    SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:audit-schema'));
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${log} (
      id text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
      tenant_key text NOT NULL,
      sequence bigint NOT NULL CHECK (sequence > 0),
      occurred_at timestamptz NOT NULL,
      actor_id text,
      auth_method text,
      action text NOT NULL,
      resource_type text,
      resource_id text,
      outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
      reason text,
      error_code text,
      correlation_id text,
      client_address text,
      user_agent text,
      details jsonb CHECK (jsonb_typeof(details) = 'object'),
      previous_hash text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT audit_log_chain_sequence_key UNIQUE (tenant_key, sequence)
    );
    CREATE INDEX IF NOT EXISTS audit_log_newest_idx ON ${log} (tenant_key, occurred_at DESC, id DESC);
    CREATE TABLE IF NOT EXISTS ${anchors} (
      tenant_key text PRIMARY KEY,
      sequence bigint NOT NULL CHECK (sequence > 0),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      purged_at timestamptz NOT NULL DEFAULT now()
    );
    ${appendOnlyDdl(tables)}
    CREATE OR REPLACE FUNCTION ${purge}(cutoff timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    DECLARE
      chain_key text;
      boundary bigint;
      boundary_hash text;
      deleted bigint;
      total bigint := 0;
    BEGIN
      IF cutoff IS NULL THEN
        RAISE EXCEPTION 'audit_purge: cutoff must not be null' USING ERRCODE = '22004';
      END IF;
      PERFORM set_config('cqrs_ddd.audit_purge', 'on', true);
      FOR chain_key IN
        SELECT DISTINCT tenant_key FROM ${log} WHERE occurred_at < cutoff ORDER BY tenant_key
      LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended('cqrs-ddd:audit:' || chain_key, 0));
        SELECT coalesce(
          (SELECT min(sequence) - 1 FROM ${log} WHERE tenant_key = chain_key AND occurred_at >= cutoff),
          (SELECT max(sequence) FROM ${log} WHERE tenant_key = chain_key)
        ) INTO boundary;
        SELECT hash INTO boundary_hash FROM ${log} WHERE tenant_key = chain_key AND sequence = boundary;
        CONTINUE WHEN boundary_hash IS NULL;
        INSERT INTO ${anchors} (tenant_key, sequence, hash)
          VALUES (chain_key, boundary, boundary_hash)
          ON CONFLICT (tenant_key) DO UPDATE
            SET sequence = excluded.sequence, hash = excluded.hash, purged_at = now();
        DELETE FROM ${log} WHERE tenant_key = chain_key AND sequence <= boundary;
        GET DIAGNOSTICS deleted = ROW_COUNT;
        total := total + deleted;
      END LOOP;
      PERFORM set_config('cqrs_ddd.audit_purge', 'off', true);
      RETURN total;
    END
    $fn$;
    REVOKE ALL ON FUNCTION ${purge}(timestamptz) FROM PUBLIC;
  `;
}

/** The trigger function and the triggers (created only when missing: no table lock). */
function appendOnlyDdl({ log, appendOnly }: AuditTables): string {
  const trigger = (name: string, definition: string) => `
    DO $do$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${log}'::regclass AND tgname = '${name}') THEN
        CREATE TRIGGER ${name} ${definition} EXECUTE FUNCTION ${appendOnly}();
      END IF;
    END $do$;`;
  return `
    CREATE OR REPLACE FUNCTION ${appendOnly}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('cqrs_ddd.audit_purge', true) = 'on' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit log is append-only'
        USING ERRCODE = 'P0001',
          DETAIL = format('%s on %I.%I is refused.', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
          HINT = format('Entries are only deleted by %I.audit_purge(cutoff), for retention.', TG_TABLE_SCHEMA);
    END
    $fn$;
    ${trigger('audit_log_append_only_rows', `BEFORE UPDATE OR DELETE ON ${log} FOR EACH ROW`)}
    ${trigger('audit_log_append_only_truncate', `BEFORE TRUNCATE ON ${log} FOR EACH STATEMENT`)}
  `;
}

/** Grants of the application role: read and append, nothing else. */
function auditGrantsDdl({ schema, log, anchors, purge }: AuditTables, appRole: string): string {
  const role = `"${appRole}"`;
  return `
    DO $do$ BEGIN
      IF '${appRole}' = current_user THEN
        RAISE EXCEPTION 'The audit appRole % must not be the role that owns the audit tables.', current_user;
      END IF;
    END $do$;
    GRANT USAGE ON SCHEMA ${schema} TO ${role};
    GRANT SELECT, INSERT ON ${log} TO ${role};
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${log} FROM ${role};
    GRANT SELECT ON ${anchors} TO ${role};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${anchors} FROM ${role};
    GRANT EXECUTE ON FUNCTION ${purge}(timestamptz) TO ${role};
  `;
}
