import type { EventStoreSchemaNames } from '../event-store-schema.options.js';
import { eventStoreFunctionsSql, dropEventStoreFunctionsSql } from './event-store-functions.sql.js';

function tablesSql(n: EventStoreSchemaNames): string[] {
  const c = n.constraintPrefix;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${n.quotedSchema}`,
    `CREATE TABLE IF NOT EXISTS ${n.streams} (
  id text NOT NULL,
  type text,
  tenant_id text,
  version integer NOT NULL CHECK (version >= 0),
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "${c}streams_pkey" PRIMARY KEY (id)
)`,
    `CREATE TABLE IF NOT EXISTS ${n.messages} (
  global_position bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  stream_type text,
  stream_version integer NOT NULL CHECK (stream_version >= 1),
  event_id uuid NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  data jsonb NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  tenant_id text,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "${c}messages_pkey" PRIMARY KEY (global_position),
  CONSTRAINT "${c}messages_event_id_key" UNIQUE (event_id),
  CONSTRAINT "${c}messages_stream_version_key" UNIQUE (stream_id, stream_version)
)`,
    `CREATE INDEX IF NOT EXISTS "${c}messages_log_idx" ON ${n.messages} (transaction_id, global_position)`,
    `CREATE TABLE IF NOT EXISTS ${n.snapshots} (
  stream_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  state jsonb NOT NULL,
  taken_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "${c}snapshots_pkey" PRIMARY KEY (stream_id)
)`,
  ];
}

/** Statements of the first schema version: idempotent, so re-running them changes nothing. */
export function initialEventStoreSql(names: EventStoreSchemaNames): string[] {
  return [...tablesSql(names), ...eventStoreFunctionsSql(names)];
}

/** Statements that remove everything {@link initialEventStoreSql} creates (except the schema). */
export function dropEventStoreSql(n: EventStoreSchemaNames): string[] {
  return [
    ...dropEventStoreFunctionsSql(n),
    `DROP TABLE IF EXISTS ${n.snapshots}`,
    `DROP TABLE IF EXISTS ${n.messages}`,
    `DROP TABLE IF EXISTS ${n.streams}`,
  ];
}
