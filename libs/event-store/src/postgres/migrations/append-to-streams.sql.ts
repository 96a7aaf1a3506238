import type { EventStoreSchemaNames } from '../event-store-schema.options.js';
import { expectedVersionMatchesSql, isoTimestampSql } from '../postgres-sql.fragments.js';
import { EVENT_ARRAYS, EVENT_PARAMETERS, MESSAGE_COLUMNS } from './message-columns.sql.js';

/**
 * `append_to_streams(...)`: several streams (a stream may appear twice; batches apply in order).
 * One upsert locks every stream row in id order, inserting version-0 placeholders for streams
 * that do not exist yet (so concurrent creators wait too); then every batch is checked before
 * anything else is written. Placeholders are deleted again when a check fails or a stream gets
 * no events, so a failed call leaves nothing behind.
 */
export function appendToStreamsSql(n: EventStoreSchemaNames): string {
  return `CREATE OR REPLACE FUNCTION ${n.appendManyFunction}(
  p_stream_ids text[], p_stream_types text[], p_expected_kinds text[],
  p_expected_versions bigint[], p_counts integer[], ${EVENT_PARAMETERS}, p_channel text
) RETURNS TABLE (
  o_status text, o_batch integer, o_actual integer, o_detail text, o_transaction_id text,
  o_positions text[], o_batch_versions integer[], o_batch_types text[], o_recorded_at text
) LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_ids text[];
  v_n integer;
  v_exists boolean[];
  v_archived boolean[];
  v_type text[];
  v_tenant text[];
  v_version integer[];
  v_start integer[];
  v_ev_streams text[] := '{}';
  v_ev_types text[] := '{}';
  v_ev_versions integer[] := '{}';
  v_i integer;
  v_actual integer;
  v_offset integer := 0;
  v_duplicate text;
  v_placeholders text[];
  r record;
BEGIN
  o_batch_versions := '{}';
  o_batch_types := '{}';
  o_positions := '{}';
  o_recorded_at := ${isoTimestampSql('now()')};
  SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}') INTO v_ids FROM unnest(p_stream_ids) AS s;
  v_n := coalesce(array_length(v_ids, 1), 0);
  v_exists := array_fill(false, ARRAY[v_n]);
  v_archived := array_fill(false, ARRAY[v_n]);
  v_type := array_fill(NULL::text, ARRAY[v_n]);
  v_tenant := array_fill(NULL::text, ARRAY[v_n]);
  v_version := array_fill(0, ARRAY[v_n]);
  WITH locked AS (
    INSERT INTO ${n.streams} AS s (id, version)
    SELECT id, 0 FROM unnest(v_ids) AS id ORDER BY id
    ON CONFLICT (id) DO UPDATE SET version = s.version WHERE false
    RETURNING s.id
  )
  SELECT coalesce(array_agg(l.id), '{}') INTO v_placeholders FROM locked l;
  FOR r IN SELECT s.id, s.type, s.version, s.archived_at IS NOT NULL AS archived
      FROM ${n.streams} s WHERE s.id = ANY (v_ids) LOOP
    v_i := array_position(v_ids, r.id);
    v_exists[v_i] := r.version > 0;
    v_archived[v_i] := r.archived;
    v_type[v_i] := r.type;
    v_version[v_i] := r.version;
  END LOOP;
  v_start := v_version;

  FOR b IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    v_i := array_position(v_ids, p_stream_ids[b]);
    v_actual := v_version[v_i];
    o_batch := b;
    o_actual := v_actual;
    IF v_archived[v_i] THEN
      o_status := 'archived';
      EXIT;
    END IF;
    IF NOT (${expectedVersionMatchesSql('p_expected_kinds[b]', 'p_expected_versions[b]', 'v_actual')}) THEN
      o_status := 'conflict';
      EXIT;
    END IF;
    IF p_stream_types[b] IS NOT NULL AND v_type[v_i] IS NOT NULL AND v_type[v_i] <> p_stream_types[b] THEN
      o_status := 'type_mismatch';
      o_detail := v_type[v_i];
      EXIT;
    END IF;
    IF p_counts[b] > 0 THEN
      IF NOT v_exists[v_i] AND v_actual = 0 THEN
        v_type[v_i] := p_stream_types[b];
        v_tenant[v_i] := p_tenant_ids[v_offset + 1];
      END IF;
      v_ev_streams := v_ev_streams || array_fill(p_stream_ids[b], ARRAY[p_counts[b]]);
      v_ev_types := v_ev_types || array_fill(v_type[v_i], ARRAY[p_counts[b]]);
      v_ev_versions := v_ev_versions || ARRAY(SELECT generate_series(v_actual + 1, v_actual + p_counts[b]));
      v_version[v_i] := v_actual + p_counts[b];
      v_offset := v_offset + p_counts[b];
    END IF;
    o_batch_versions := o_batch_versions || v_version[v_i];
    o_batch_types := o_batch_types || v_type[v_i];
  END LOOP;
  IF o_status IS NULL THEN
    o_batch := NULL;
    o_actual := NULL;
    SELECT m.event_id::text INTO v_duplicate FROM ${n.messages} m WHERE m.event_id = ANY (p_event_ids) LIMIT 1;
    IF v_duplicate IS NOT NULL THEN
      o_status := 'duplicate';
      o_detail := v_duplicate;
    END IF;
  END IF;
  IF o_status IS NOT NULL THEN
    DELETE FROM ${n.streams} s WHERE s.id = ANY (v_placeholders);
    RETURN NEXT;
    RETURN;
  END IF;

  IF v_offset > 0 THEN
    WITH inserted AS (
      INSERT INTO ${n.messages} AS m (${MESSAGE_COLUMNS})
      SELECT e.stream_id, e.stream_type, e.stream_version, e.event_id, e.type, e.schema_version,
             e.data, e.metadata, e.tenant_id, e.occurred_at
      FROM unnest(v_ev_streams, v_ev_types, v_ev_versions, ${EVENT_ARRAYS}) WITH ORDINALITY
        AS e(stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata, tenant_id, occurred_at, ord)
      ORDER BY e.ord
      RETURNING m.global_position
    )
    SELECT array_agg(i.global_position::text ORDER BY i.global_position) INTO o_positions FROM inserted i;
    INSERT INTO ${n.streams} AS s (id, type, tenant_id, version)
    SELECT u.id, u.type, u.tenant_id, u.version
    FROM unnest(v_ids, v_type, v_tenant, v_version, v_start) AS u(id, type, tenant_id, version, start_version)
    WHERE u.version <> u.start_version
    ORDER BY u.id
    ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated_at = now(),
      type = CASE WHEN s.version = 0 THEN excluded.type ELSE s.type END,
      tenant_id = CASE WHEN s.version = 0 THEN excluded.tenant_id ELSE s.tenant_id END;
    IF p_channel IS NOT NULL THEN
      PERFORM pg_notify(p_channel, '');
    END IF;
    o_transaction_id := pg_current_xact_id()::text;
  END IF;
  DELETE FROM ${n.streams} s WHERE s.id = ANY (v_placeholders) AND s.version = 0;
  o_status := 'ok';
  RETURN NEXT;
END
$fn$`;
}
