import type { EventStoreSchemaNames } from '../event-store-schema.options.js';
import { expectedVersionMatchesSql, isoTimestampSql } from '../postgres-sql.fragments.js';
import { appendToStreamsSql } from './append-to-streams.sql.js';
import {
  EVENT_ARRAYS,
  EVENT_PARAMETER_TYPES,
  EVENT_PARAMETERS,
  MESSAGE_COLUMNS,
} from './message-columns.sql.js';

// The appends run as SQL functions: one round trip each, its own transaction when called
// outside one. Writers of a stream are serialised by the stream row's lock, taken by the stream
// write itself (or, when several streams are written, by one upsert in id order, so that they
// cannot deadlock). A failed check writes nothing and returns a status row instead of raising,
// so a caller's surrounding transaction stays usable; the unique constraints remain the last
// line of defence (a reused event id raises, which the adapter reports as DuplicateEventError).

/**
 * The stream-row writes of `append_to_stream`, by expected version: each locks and bumps the
 * row only when the checks pass, and returns its new version and type (no row otherwise).
 */
function streamWrites(n: EventStoreSchemaNames): Record<'any' | 'new' | 'existing', string> {
  const typeMatches = '(p_stream_type IS NULL OR s.type IS NULL OR s.type = p_stream_type)';
  const insert =
    `INSERT INTO ${n.streams} AS s (id, type, tenant_id, version) ` +
    'VALUES (p_stream_id, p_stream_type, p_tenant_ids[1], v_count)';
  return {
    any: `${insert}
      ON CONFLICT (id) DO UPDATE SET version = s.version + v_count, updated_at = now()
        WHERE s.archived_at IS NULL AND ${typeMatches}
      RETURNING s.version, s.type`,
    new: `${insert} ON CONFLICT (id) DO NOTHING RETURNING s.version, s.type`,
    existing: `UPDATE ${n.streams} AS s SET version = s.version + v_count, updated_at = now()
      WHERE s.id = p_stream_id AND s.archived_at IS NULL AND ${typeMatches}
        AND (p_expected_kind = 'stream_exists' OR s.version = p_expected_version)
      RETURNING s.version, s.type`,
  };
}

/**
 * One statement writing the stream row and the events: the messages are inserted only when the
 * stream write returned a row, so a failed check leaves `o_version` NULL and writes nothing.
 */
function writeStatement(n: EventStoreSchemaNames, streamWrite: string): string {
  return `IF v_count = 1 THEN
      WITH s AS (${streamWrite})
      INSERT INTO ${n.messages} AS m (${MESSAGE_COLUMNS})
      SELECT p_stream_id, s.type, s.version, p_event_ids[1], p_types[1], p_schema_versions[1],
             p_data[1], p_metadata[1], p_tenant_ids[1], p_occurred_at[1]
      FROM s
      RETURNING m.stream_version, m.stream_type, ARRAY[m.global_position::text]
        INTO o_version, o_type, o_positions;
    ELSE
      WITH s AS (${streamWrite}),
      m AS (
        INSERT INTO ${n.messages} AS m (${MESSAGE_COLUMNS})
        SELECT p_stream_id, s.type, s.version - v_count + e.ord, e.event_id, e.type,
               e.schema_version, e.data, e.metadata, e.tenant_id, e.occurred_at
        FROM s, unnest(${EVENT_ARRAYS}) WITH ORDINALITY
          AS e(event_id, type, schema_version, data, metadata, tenant_id, occurred_at, ord)
        ORDER BY e.ord
        RETURNING m.global_position
      )
      SELECT s.version, s.type,
             (SELECT array_agg(m.global_position::text ORDER BY m.global_position) FROM m)
      FROM s INTO o_version, o_type, o_positions;
    END IF;`;
}

/** `append_to_stream(...)`: the hot path, one stream, one statement in the common case. */
function appendToStreamSql(n: EventStoreSchemaNames): string {
  const writes = streamWrites(n);
  return `CREATE OR REPLACE FUNCTION ${n.appendFunction}(
  p_stream_id text, p_stream_type text, p_expected_kind text, p_expected_version bigint,
  ${EVENT_PARAMETERS}, p_channel text
) RETURNS TABLE (
  o_status text, o_actual integer, o_detail text, o_transaction_id text, o_positions text[],
  o_version integer, o_type text, o_recorded_at text
) LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_count integer := coalesce(cardinality(p_event_ids), 0);
  v_archived boolean;
BEGIN
  o_recorded_at := ${isoTimestampSql('now()')};
  IF v_count = 0 THEN
    NULL; -- only the checks below
  ELSIF p_expected_kind = 'any' THEN
    ${writeStatement(n, writes.any)}
  ELSIF p_expected_kind = 'no_stream' OR p_expected_version = 0 THEN
    ${writeStatement(n, writes.new)}
  ELSE
    ${writeStatement(n, writes.existing)}
  END IF;

  IF o_version IS NULL THEN
    -- No events, or a check failed (nothing was written): report why, from the stream as it is.
    SELECT s.version, s.type, s.archived_at IS NOT NULL INTO o_actual, o_type, v_archived
      FROM ${n.streams} s WHERE s.id = p_stream_id;
    o_actual := coalesce(o_actual, 0);
    IF v_archived THEN
      o_status := 'archived';
    ELSIF NOT (${expectedVersionMatchesSql('p_expected_kind', 'p_expected_version', 'o_actual')}) THEN
      o_status := 'conflict';
    ELSIF p_stream_type IS NOT NULL AND o_type IS NOT NULL AND o_type <> p_stream_type THEN
      o_status := 'type_mismatch';
      o_detail := o_type;
    ELSIF v_count > 0 THEN
      o_status := 'retry'; -- the stream moved on between the write attempt and this read
    ELSE
      o_status := 'ok';
      o_version := o_actual;
    END IF;
    RETURN NEXT;
    RETURN;
  END IF;

  IF p_channel IS NOT NULL THEN
    PERFORM pg_notify(p_channel, '');
  END IF;
  o_status := 'ok';
  o_transaction_id := pg_current_xact_id()::text;
  RETURN NEXT;
END
$fn$`;
}

/** `archive_stream(id, kind, version)`: tombstones a stream under its row lock. */
function archiveStreamSql(n: EventStoreSchemaNames): string {
  return `CREATE OR REPLACE FUNCTION ${n.archiveFunction}(
  p_stream_id text, p_expected_kind text, p_expected_version bigint
) RETURNS TABLE (o_status text, o_actual integer) LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_archived boolean;
BEGIN
  SELECT s.version, s.archived_at IS NOT NULL INTO o_actual, v_archived
    FROM ${n.streams} s WHERE s.id = p_stream_id FOR UPDATE;
  IF NOT FOUND THEN
    o_status := 'not_found';
    o_actual := 0;
  ELSIF NOT (${expectedVersionMatchesSql('p_expected_kind', 'p_expected_version', 'o_actual')}) THEN
    o_status := 'conflict';
  ELSE
    IF NOT v_archived THEN
      UPDATE ${n.streams} SET archived_at = now(), updated_at = now() WHERE id = p_stream_id;
    END IF;
    o_status := 'ok';
  END IF;
  RETURN NEXT;
END
$fn$`;
}

/** The event store's functions (CREATE OR REPLACE: idempotent). */
export function eventStoreFunctionsSql(names: EventStoreSchemaNames): string[] {
  return [appendToStreamSql(names), appendToStreamsSql(names), archiveStreamSql(names)];
}

/** Drops the functions of {@link eventStoreFunctionsSql}. */
export function dropEventStoreFunctionsSql(n: EventStoreSchemaNames): string[] {
  return [
    `DROP FUNCTION IF EXISTS ${n.archiveFunction}(text, text, bigint)`,
    `DROP FUNCTION IF EXISTS ${n.appendManyFunction}(text[], text[], text[], bigint[], integer[], ${EVENT_PARAMETER_TYPES}, text)`,
    `DROP FUNCTION IF EXISTS ${n.appendFunction}(text, text, text, bigint, ${EVENT_PARAMETER_TYPES}, text)`,
  ];
}
