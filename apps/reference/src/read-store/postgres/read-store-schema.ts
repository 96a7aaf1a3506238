import type { SqlEntityManager } from '@mikro-orm/postgresql';

/** Where the Postgres read store keeps its tables. */
export interface ReadStoreSchemaOptions {
  /**
   * PostgreSQL schema of the tables (created when missing).
   * @default 'public'
   */
  readonly schema?: string;
}

/** Quoted, schema-qualified names of the read store's tables. */
export interface ReadStoreTables {
  readonly schema: string;
  readonly documents: string;
  readonly checkpoints: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The table names for `options`; throws on a schema name that is not a plain identifier. */
export function readStoreTables(options: ReadStoreSchemaOptions = {}): ReadStoreTables {
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) {
    throw new TypeError(`Read store schema must be a lower-case SQL identifier, got "${schema}".`);
  }
  return {
    schema: `"${schema}"`,
    documents: `"${schema}"."read_model_documents"`,
    checkpoints: `"${schema}"."read_model_checkpoints"`,
  };
}

/**
 * Creates the read store's tables when missing (idempotent DDL, serialised between instances
 * starting together by an advisory lock). Log positions are `numeric(20)`: transaction ids are
 * unsigned 64-bit. A document row with `document = NULL` is a delete's tombstone.
 */
export async function migrateReadStore(
  em: SqlEntityManager,
  options: ReadStoreSchemaOptions = {},
): Promise<void> {
  const tables = readStoreTables(options);
  await em.transactional(async (tx) => {
    await tx.execute(`SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd-reference:read-store'))`);
    await tx.execute(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    await tx.execute(
      `CREATE TABLE IF NOT EXISTS ${tables.documents} (
        collection text NOT NULL,
        tenant_id text NOT NULL,
        id text NOT NULL,
        document jsonb,
        transaction_id numeric(20, 0) NOT NULL,
        global_position numeric(20, 0) NOT NULL,
        PRIMARY KEY (collection, tenant_id, id)
      )`,
    );
    await tx.execute(
      `CREATE TABLE IF NOT EXISTS ${tables.checkpoints} (
        processor_name text NOT NULL,
        partition integer NOT NULL,
        transaction_id numeric(20, 0),
        global_position numeric(20, 0),
        owner text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (processor_name, partition)
      )`,
    );
  });
}
