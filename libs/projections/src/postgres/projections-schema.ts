import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';

/** Where the projections library keeps its PostgreSQL tables. */
export interface ProjectionsSchemaOptions {
  /**
   * PostgreSQL schema of the tables (created when missing): a lower-case SQL identifier.
   * @default 'public'
   */
  readonly schema?: string;
}

/** Quoted, schema-qualified names of the library's tables. */
export interface ProjectionsTables {
  /** The quoted schema. */
  readonly schema: string;
  /** Read-model documents (JSONB) of every collection and tenant. */
  readonly documents: string;
  /** Processor checkpoints. */
  readonly checkpoints: string;
  /** Parked (dead-letter) events of processors. */
  readonly parkedEvents: string;
  /** Leases (`PostgresLockStrategy`). */
  readonly leases: string;
  /** Projection generations. */
  readonly projectionStates: string;
  /** Suspended processors (`PostgresProcessorSuspensionStore`). */
  readonly processorSuspensions: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The table names for `options`; throws on a schema name that is not a plain identifier. */
export function projectionsTables(options: ProjectionsSchemaOptions = {}): ProjectionsTables {
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) {
    throw new ProjectionsConfigurationError(
      `The projections schema must be a lower-case SQL identifier, got "${schema}".`,
    );
  }
  const table = (name: string) => `"${schema}"."${name}"`;
  return {
    schema: `"${schema}"`,
    documents: table('read_model_documents'),
    checkpoints: table('processor_checkpoints'),
    parkedEvents: table('processor_parked_events'),
    leases: table('processor_leases'),
    projectionStates: table('projection_states'),
    processorSuspensions: table('processor_suspensions'),
  };
}

/** The idempotent DDL of every table, in order. Log positions are `numeric(20)` (unsigned 64-bit). */
export function projectionsDdl(tables: ProjectionsTables): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${tables.schema}`,
    // A row with document = NULL is a delete's tombstone. Keys collate as "C" (code-unit order,
    // as JavaScript sorts), so the primary key serves `ORDER BY id` and keyset pages.
    `CREATE TABLE IF NOT EXISTS ${tables.documents} (
      collection text COLLATE "C" NOT NULL,
      tenant_id text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      document jsonb,
      transaction_id numeric(20, 0) NOT NULL,
      global_position numeric(20, 0) NOT NULL,
      PRIMARY KEY (collection, tenant_id, id)
    )`,
    `CREATE TABLE IF NOT EXISTS ${tables.checkpoints} (
      processor_name text NOT NULL,
      partition integer NOT NULL,
      transaction_id numeric(20, 0),
      global_position numeric(20, 0),
      owner text,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (processor_name, partition)
    )`,
    `CREATE TABLE IF NOT EXISTS ${tables.parkedEvents} (
      processor_name text NOT NULL,
      event_id text NOT NULL,
      partition integer NOT NULL,
      stream_id text NOT NULL,
      stream_version integer NOT NULL,
      type text NOT NULL,
      transaction_id numeric(20, 0) NOT NULL,
      global_position numeric(20, 0) NOT NULL,
      attempts integer NOT NULL,
      error jsonb NOT NULL,
      parked_at timestamptz NOT NULL,
      PRIMARY KEY (processor_name, event_id)
    )`,
    // `list` of one processor, oldest position first.
    `CREATE INDEX IF NOT EXISTS processor_parked_events_position_idx
      ON ${tables.parkedEvents} (processor_name, transaction_id, global_position)`,
    // A released lease keeps its row, so fencing tokens keep increasing per resource.
    `CREATE TABLE IF NOT EXISTS ${tables.leases} (
      resource text PRIMARY KEY,
      session_id text,
      token bigint NOT NULL,
      holds integer NOT NULL DEFAULT 0,
      expires_at timestamptz
    )`,
    `CREATE TABLE IF NOT EXISTS ${tables.projectionStates} (
      name text PRIMARY KEY,
      active_generation integer NOT NULL,
      active_version integer NOT NULL,
      building_generation integer,
      building_version integer,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${tables.processorSuspensions} (
      processor_name text PRIMARY KEY,
      suspended_at timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

/**
 * Creates the library's tables when missing (idempotent DDL, serialised between instances
 * starting together by a transaction-scoped advisory lock).
 */
export async function migrateProjections(
  em: SqlEntityManager,
  options: ProjectionsSchemaOptions = {},
): Promise<void> {
  const tables = projectionsTables(options);
  await em.transactional(async (tx) => {
    await tx.execute(`SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:projections-schema'))`);
    for (const statement of projectionsDdl(tables)) await tx.execute(statement);
  });
}
