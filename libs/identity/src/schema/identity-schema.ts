import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';

/**
 * What the identity stores need of a database connection: run one SQL statement with `?`
 * placeholders and resolve to its rows. A MikroORM connection (`em.getConnection()`) fits.
 */
export interface IdentitySqlConnection {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Runs one statement on `connection` and returns its rows. */
export async function queryRows<T>(
  connection: IdentitySqlConnection,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  return (await connection.execute(sql, params)) as T[];
}

/**
 * A `timestamptz` column value as a `Date`: drivers return a `Date` or, like MikroORM's, the
 * PostgreSQL text form (`2026-01-01 00:15:00.123+00`), which is made ISO 8601 before parsing.
 */
export function timestampOf(value: Date | string): Date;
export function timestampOf(value: Date | string | null): Date | undefined;
export function timestampOf(value: Date | string | null): Date | undefined {
  if (value === null) return undefined;
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

/** The quoted, schema-qualified names of the identity tables. */
export interface IdentityTables {
  /** `"schema"` */
  readonly schema: string;
  /** `"schema"."identity_users"` */
  readonly users: string;
  /** `"schema"."identity_api_keys"` */
  readonly apiKeys: string;
}

/** Default PostgreSQL schema of the identity tables. */
export const DEFAULT_IDENTITY_SCHEMA = 'public';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The quoted table names in `schema`.
 * @throws IdentityConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export function identityTables(schema: string = DEFAULT_IDENTITY_SCHEMA): IdentityTables {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    throw new IdentityConfigurationError(
      `The identity schema must be a lower-case SQL identifier of at most 63 characters, got ${JSON.stringify(schema)}.`,
    );
  }
  return {
    schema: `"${schema}"`,
    users: `"${schema}"."identity_users"`,
    apiKeys: `"${schema}"."identity_api_keys"`,
  };
}

/** The idempotent DDL of the identity tables, as one script. */
export function identitySchemaDdl(tables: IdentityTables): string {
  return `
    SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:identity-schema'));
    CREATE SCHEMA IF NOT EXISTS ${tables.schema};
    CREATE TABLE IF NOT EXISTS ${tables.users} (
      id text PRIMARY KEY,
      tenant_id text CHECK (tenant_id <> ''),
      username text NOT NULL CHECK (username <> ''),
      password_hash text NOT NULL,
      principal_id text NOT NULL,
      roles jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(roles) = 'array'),
      attributes jsonb CHECK (jsonb_typeof(attributes) = 'object'),
      failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX IF NOT EXISTS identity_users_tenant_username_key
      ON ${tables.users} ((coalesce(tenant_id, '')), username);
    CREATE TABLE IF NOT EXISTS ${tables.apiKeys} (
      id text PRIMARY KEY,
      name text NOT NULL CHECK (name <> ''),
      key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
      principal_id text NOT NULL,
      tenant_id text CHECK (tenant_id <> ''),
      roles jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(roles) = 'array'),
      attributes jsonb CHECK (jsonb_typeof(attributes) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE UNIQUE INDEX IF NOT EXISTS identity_api_keys_key_hash_key
      ON ${tables.apiKeys} (key_hash);
    CREATE INDEX IF NOT EXISTS identity_api_keys_tenant_idx
      ON ${tables.apiKeys} ((coalesce(tenant_id, '')), created_at);
  `;
}

/**
 * Creates the `identity_users` and `identity_api_keys` tables (and their schema) when missing.
 * Idempotent; the DDL runs as one multi-statement script — one implicit transaction holding an
 * advisory lock — so instances starting together can all call it. The connection must accept
 * several statements in one call (MikroORM's `em.getConnection()` does).
 *
 * `identity_users` keeps argon2id hashes and a lockout counter, unique on
 * `(coalesce(tenant_id, ''), username)`; `identity_api_keys` keeps the SHA-256 (hex) of each
 * key — never the key — unique, so keys are looked up by their hash.
 * @param schema PostgreSQL schema of the tables. @default 'public'
 * @throws IdentityConfigurationError when `schema` is not a plain lower-case SQL identifier
 */
export async function ensureIdentitySchema(
  connection: { execute(sql: string, params?: unknown[]): Promise<unknown> },
  schema?: string,
): Promise<void> {
  await connection.execute(identitySchemaDdl(identityTables(schema)));
}
