import {
  ConcurrencyError,
  DuplicateEventError,
  StreamArchivedError,
  ValidationError,
  type AppendResult,
  type ExpectedVersion,
  type PreparedEvent,
  type PreparedStreamAppend,
  type StoredEvent,
  type ValidationIssue,
} from '@cqrs-ddd/core';
import type { EventStoreSchemaNames } from './event-store-schema.options.js';

/** Status row of the `append_to_stream` SQL function. */
export interface AppendToStreamRow {
  readonly o_status: 'ok' | 'conflict' | 'archived' | 'type_mismatch' | 'retry';
  readonly o_actual: number | null;
  readonly o_detail: string | null;
  readonly o_transaction_id: string | null;
  readonly o_positions: string[] | null;
  readonly o_version: number | null;
  readonly o_type: string | null;
  readonly o_recorded_at: string;
}

/** Status row of the `append_to_streams` SQL function. */
export interface AppendToStreamsRow {
  readonly o_status: 'ok' | 'conflict' | 'archived' | 'type_mismatch' | 'duplicate';
  /** 1-based batch the failed check belongs to. */
  readonly o_batch: number | null;
  readonly o_actual: number | null;
  readonly o_detail: string | null;
  readonly o_transaction_id: string | null;
  readonly o_positions: string[];
  readonly o_batch_versions: number[];
  readonly o_batch_types: (string | null)[];
  readonly o_recorded_at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EVENT_CASTS =
  '::uuid[], $X::text[], $X::integer[], $X::jsonb[], $X::jsonb[], $X::text[], $X::timestamptz[]';

function numbered(sql: string): string {
  let next = 0;
  return sql.replace(/\$X/g, () => `$${++next}`);
}

/** SQL calling `append_to_stream` with the parameters of {@link appendToStreamParameters}. */
export function appendToStreamSql(names: EventStoreSchemaNames): string {
  return numbered(
    `SELECT * FROM ${names.appendFunction}($X::text, $X::text, $X::text, $X::bigint, ` +
      `$X${EVENT_CASTS}, $X::text)`,
  );
}

/** SQL calling `append_to_streams` with the parameters of {@link appendToStreamsParameters}. */
export function appendToStreamsSql(names: EventStoreSchemaNames): string {
  return numbered(
    `SELECT * FROM ${names.appendManyFunction}($X::text[], $X::text[], $X::text[], ` +
      `$X::bigint[], $X::integer[], $X${EVENT_CASTS}, $X::text)`,
  );
}

/** An expected version as the functions take it: a kind, and a number for `'exact'`. */
export function expectedVersionParameters(expected: ExpectedVersion): [string, number | null] {
  return typeof expected === 'number' ? ['exact', expected] : [expected, null];
}

/**
 * Checks what only this adapter requires (event ids are UUIDs, stored in lower case) and
 * returns the batches with normalised ids.
 */
export function normaliseEventIds(batches: PreparedStreamAppend[]): PreparedStreamAppend[] {
  const issues: ValidationIssue[] = [];
  const normalised = batches.map((batch, b) => ({
    ...batch,
    events: batch.events.map((event, e) => {
      if (!UUID.test(event.eventId)) {
        const at = batches.length === 1 ? '' : `batches.${b}.`;
        issues.push({
          path: `${at}events.${e}.eventId`,
          message: 'must be a UUID (the PostgreSQL event store stores event ids as uuid)',
          rule: 'isUUID',
        });
      }
      return { ...event, eventId: event.eventId.toLowerCase() };
    }),
  }));
  if (issues.length > 0) throw new ValidationError(issues);
  return normalised;
}

function eventParameters(events: readonly PreparedEvent[]): unknown[] {
  return [
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => event.version),
    events.map((event) => event.dataJson),
    events.map((event) => event.metadataJson),
    events.map((event) =>
      typeof event.metadata.tenantId === 'string' ? event.metadata.tenantId : null,
    ),
    events.map((event) => event.occurredAt),
  ];
}

/** Positional parameters of {@link appendToStreamSql}. */
export function appendToStreamParameters(
  batch: PreparedStreamAppend,
  channel: string | null,
): unknown[] {
  return [
    batch.streamId,
    batch.streamType ?? null,
    ...expectedVersionParameters(batch.expectedVersion),
    ...eventParameters(batch.events),
    channel,
  ];
}

/** Positional parameters of {@link appendToStreamsSql}. */
export function appendToStreamsParameters(
  batches: readonly PreparedStreamAppend[],
  channel: string | null,
): unknown[] {
  const expected = batches.map((batch) => expectedVersionParameters(batch.expectedVersion));
  return [
    batches.map((batch) => batch.streamId),
    batches.map((batch) => batch.streamType ?? null),
    expected.map(([kind]) => kind),
    expected.map(([, version]) => version),
    batches.map((batch) => batch.events.length),
    ...eventParameters(batches.flatMap((batch) => batch.events)),
    channel,
  ];
}

function throwFailure(
  status: string,
  batch: PreparedStreamAppend,
  actual: number | null,
  detail: string | null,
): never {
  switch (status) {
    case 'archived':
      throw new StreamArchivedError(batch.streamId);
    case 'type_mismatch':
      throw ValidationError.of(
        'streamType',
        `stream "${batch.streamId}" is a "${detail}" stream, not "${batch.streamType}"`,
        'streamTypeMatches',
      );
    case 'duplicate':
      throw new DuplicateEventError(detail!);
    default:
      throw new ConcurrencyError(batch.streamId, batch.expectedVersion, actual ?? 0);
  }
}

/** The stored events of one appended batch. */
function storedEvents(
  batch: PreparedStreamAppend,
  streamVersion: number,
  streamType: string | null,
  transactionId: string | null,
  positions: readonly string[],
  recordedAt: string,
): StoredEvent[] {
  const first = streamVersion - batch.events.length + 1;
  return batch.events.map((event, e): StoredEvent => ({
    eventId: event.eventId,
    type: event.type,
    version: event.version,
    streamId: batch.streamId,
    streamVersion: first + e,
    occurredAt: event.occurredAt,
    data: JSON.parse(event.dataJson) as StoredEvent['data'],
    metadata: JSON.parse(event.metadataJson) as StoredEvent['metadata'],
    position: { transactionId: transactionId!, globalPosition: positions[e] },
    recordedAt,
    ...(streamType === null ? {} : { streamType }),
  }));
}

function result(streamId: string, streamVersion: number, events: StoredEvent[]): AppendResult {
  return { streamId, streamVersion, position: events.at(-1)?.position ?? null, events };
}

/**
 * The result of an `append_to_stream` call, or the error it reports; `undefined` when the
 * stream moved on during the call and it should simply be repeated (nothing was written).
 */
export function appendToStreamResult(
  row: AppendToStreamRow,
  batch: PreparedStreamAppend,
): AppendResult | undefined {
  if (row.o_status === 'retry') return undefined;
  if (row.o_status !== 'ok') throwFailure(row.o_status, batch, row.o_actual, row.o_detail);
  const events = storedEvents(
    batch,
    row.o_version!,
    row.o_type,
    row.o_transaction_id,
    row.o_positions ?? [],
    row.o_recorded_at,
  );
  return result(batch.streamId, row.o_version!, events);
}

/** The results of an `append_to_streams` call, or the error it reports. */
export function appendToStreamsResults(
  row: AppendToStreamsRow,
  batches: PreparedStreamAppend[],
): AppendResult[] {
  if (row.o_status !== 'ok') {
    throwFailure(row.o_status, batches[(row.o_batch ?? 1) - 1], row.o_actual, row.o_detail);
  }
  let offset = 0;
  return batches.map((batch, b) => {
    const positions = row.o_positions.slice(offset, offset + batch.events.length);
    offset += batch.events.length;
    const version = row.o_batch_versions[b];
    const events = storedEvents(
      batch,
      version,
      row.o_batch_types[b],
      row.o_transaction_id,
      positions,
      row.o_recorded_at,
    );
    return result(batch.streamId, version, events);
  });
}

interface DatabaseError {
  readonly code?: string;
  readonly constraint?: string;
  readonly detail?: string;
}

/**
 * Maps the unique-constraint violations that can still occur (a concurrent writer inserting the
 * same event id, or stream version under REPEATABLE READ / SERIALIZABLE isolation) to the
 * store's errors; anything else is returned unchanged.
 */
export function translateAppendError(
  error: unknown,
  names: EventStoreSchemaNames,
  batches: PreparedStreamAppend[],
): unknown {
  const { code, constraint, detail = '' } = (error ?? {}) as DatabaseError;
  if (code !== '23505') return error;
  const key = /\)=\((.*)\) already exists/.exec(detail)?.[1] ?? '';
  if (constraint === `${names.constraintPrefix}messages_event_id_key`) {
    return new DuplicateEventError(key);
  }
  if (constraint === `${names.constraintPrefix}messages_stream_version_key`) {
    const split = key.lastIndexOf(', ');
    const streamId = key.slice(0, split);
    const batch = batches.find((candidate) => candidate.streamId === streamId) ?? batches[0];
    return new ConcurrencyError(
      batch.streamId,
      batch.expectedVersion,
      Number(key.slice(split + 2)),
    );
  }
  return error;
}
