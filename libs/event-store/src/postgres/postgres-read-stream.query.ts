import type { EventStoreSchemaNames } from './event-store-schema.options.js';
import { EVENT_COLUMNS, type EventRow } from './postgres-event.row.js';

/** A row of {@link firstBatchSql}: the stream's state plus one event (all `null` when none). */
export type FirstBatchRow = { readonly stream_total: number; readonly stream_archived: boolean } & (
  EventRow | { readonly [K in keyof EventRow]: null }
);

/**
 * The stream's version and archived flag together with the first batch of its events, in one
 * round trip (most streams fit in one batch). Parameters: stream id, fromVersion, toVersion
 * (or null: the current version), batch size. No row: the stream does not exist.
 */
export function firstBatchSql(names: EventStoreSchemaNames, forward: boolean): string {
  const top = 'least(coalesce($3::integer, s.version), s.version)';
  const range = forward
    ? `$2::integer AND least(${top}, $2::integer + $4::integer - 1)`
    : `greatest($2::integer, ${top} - $4::integer + 1) AND ${top}`;
  return (
    'SELECT s.version AS stream_total, s.archived_at IS NOT NULL AS stream_archived, e.* ' +
    `FROM ${names.streams} s LEFT JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM ${names.messages} m ` +
    `WHERE m.stream_id = s.id AND m.stream_version BETWEEN ${range} ` +
    `ORDER BY m.stream_version ${forward ? 'ASC' : 'DESC'}) e ON true WHERE s.id = $1`
  );
}

/** The events of a version range of one stream. Parameters: stream id, lowest, highest version. */
export function nextBatchSql(names: EventStoreSchemaNames, forward: boolean): string {
  return (
    `SELECT ${EVENT_COLUMNS} FROM ${names.messages} m ` +
    'WHERE m.stream_id = $1 AND m.stream_version BETWEEN $2 AND $3 ' +
    `ORDER BY m.stream_version ${forward ? 'ASC' : 'DESC'}`
  );
}
