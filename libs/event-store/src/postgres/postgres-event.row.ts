import { type EventMetadata, type StoredEvent } from '@cqrs-ddd/core';
import { isoTimestampSql } from './postgres-sql.fragments.js';

/** A `messages` row as selected by {@link EVENT_COLUMNS}. */
export interface EventRow {
  readonly global_position: string;
  readonly transaction_id: string;
  readonly stream_id: string;
  readonly stream_type: string | null;
  readonly stream_version: number;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
  readonly occurred_at: string;
  readonly recorded_at: string;
}

/** Select list of an {@link EventRow} from the messages table aliased `m`. */
export const EVENT_COLUMNS = [
  'm.global_position::text AS global_position',
  'm.transaction_id::text AS transaction_id',
  'm.stream_id',
  'm.stream_type',
  'm.stream_version',
  'm.event_id::text AS event_id',
  'm.type',
  'm.schema_version',
  'm.data',
  'm.metadata',
  `${isoTimestampSql('m.occurred_at')} AS occurred_at`,
  `${isoTimestampSql('m.recorded_at')} AS recorded_at`,
].join(', ');

/** The stored event of a row, shaped exactly like the in-memory store's. */
export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    version: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    occurredAt: row.occurred_at,
    data: row.data,
    metadata: row.metadata,
    position: { transactionId: row.transaction_id, globalPosition: row.global_position },
    recordedAt: row.recorded_at,
    ...(row.stream_type === null ? {} : { streamType: row.stream_type }),
  };
}
