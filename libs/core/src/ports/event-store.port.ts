import type { EventMetadata, LogPosition, StoredEvent } from '../domain/event-envelope.js';
import type { ExpectedVersion } from '../errors/concurrency.error.js';

/** An event to append; the store assigns stream version, log position and `recordedAt`. */
export interface NewEvent<TData = Record<string, unknown>> {
  /** Globally unique id. @default a new id from the store's `IdGenerator` (UUIDv7) */
  readonly eventId?: string;
  /** Stable event type, e.g. `order.created`. */
  readonly type: string;
  /** Schema version of `data` (integer >= 1). */
  readonly version: number;
  /**
   * Payload: a plain object of JSON values (objects, arrays, strings, finite numbers, booleans,
   * null; object properties that are `undefined` are dropped, as JSON does). Dates, class
   * instances, functions, symbols, BigInts, NaN/Infinity, cycles, `undefined` array items and
   * strings with U+0000 or lone surrogates are rejected with a `ValidationError`, as is data
   * whose JSON text is longer than the store's `maxPayloadBytes` (UTF-8 bytes).
   */
  readonly data: TData;
  /** Propagated context (JSON values, like `data`), stored and returned unchanged. @default {} */
  readonly metadata?: EventMetadata;
  /** When the fact happened; stored as ISO-8601 UTC with milliseconds. @default the store's `Clock` */
  readonly occurredAt?: Date | string;
}

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /**
   * Optimistic-concurrency check against the stream's current version (0 = no stream):
   * a number must match exactly, `'no_stream'` needs version 0, `'stream_exists'` needs
   * version >= 1, `'any'` skips the check. Repositories should always pass the version they
   * loaded. @default 'any'
   */
  readonly expectedVersion?: ExpectedVersion;
  /**
   * Kind of stream (aggregate type, e.g. `Order`). Recorded when the stream is created; an
   * append declaring a different type for an existing stream is rejected with a
   * `ValidationError`, which catches id clashes between aggregate types. @default undefined (not checked)
   */
  readonly streamType?: string;
}

/** One stream's part of an {@link EventStore.appendToStreams} call. */
export interface StreamAppend extends AppendOptions {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/** Outcome of appending to one stream. */
export interface AppendResult {
  readonly streamId: string;
  /** Stream version after the append (unchanged when no events were given). */
  readonly streamVersion: number;
  /** Log position of the last appended event; `null` when no events were given. */
  readonly position: LogPosition | null;
  /** The appended events exactly as readers will see them. */
  readonly events: readonly StoredEvent[];
}

/** Direction of {@link EventStore.readStream}. */
export type ReadDirection = 'forward' | 'backward';

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** Lowest stream version to return, inclusive (integer >= 1). @default 1 */
  readonly fromVersion?: number;
  /** Highest stream version to return, inclusive. @default the stream's current version */
  readonly toVersion?: number;
  /**
   * Order of the result. The version range is the same in both directions; `'backward'`
   * starts at its top, so `{ direction: 'backward', maxCount: 1 }` is the latest event.
   * @default 'forward'
   */
  readonly direction?: ReadDirection;
  /** At most this many events, counted from the starting end (integer >= 0). @default unlimited */
  readonly maxCount?: number;
}

/** Default maximum size of one event's `data` as JSON text, in UTF-8 bytes (1 MiB). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;

/** Options of {@link EventStore.archiveStream}. */
export interface ArchiveStreamOptions {
  /** Optimistic-concurrency check, as for `append`. @default 'any' */
  readonly expectedVersion?: ExpectedVersion;
}

/** Default `limit` of {@link EventStore.readAll}. */
export const DEFAULT_READ_ALL_LIMIT = 500;

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Checkpoint: return only events strictly after it. @default null (`LOG_START`: from the beginning) */
  readonly after?: LogPosition | null;
  /** Maximum number of events in the batch (integer >= 1). @default {@link DEFAULT_READ_ALL_LIMIT} */
  readonly limit?: number;
  /** Return only events of these types (an empty list matches nothing). @default all types */
  readonly types?: readonly string[];
  /**
   * Return only events of streams of these types (the `streamType` given when the stream was
   * created); events of streams without a type never match, an empty list matches nothing.
   * Combines with `types` (both must match). @default all streams
   */
  readonly streamTypes?: readonly string[];
}

/**
 * The append-only event log: per-stream optimistic concurrency plus one global log in commit
 * order, which every processor (projections, outbox, sagas) reads with a checkpoint.
 *
 * Correctness every adapter must provide (checked by `describeEventStoreContract`):
 * - stream versions are 1-based and contiguous; a missing stream has version 0;
 * - an append (or `appendToStreams` call) is atomic: on any error nothing is written;
 * - `readAll` is gap-safe: once a reader was given a position, no event with a lower position
 *   can appear later (on PostgreSQL, sequences commit out of order, so the adapter must only
 *   return rows of transactions older than every running one, ordered by
 *   `(transactionId, globalPosition)`);
 * - input errors throw `ValidationError`, version conflicts `ConcurrencyError`, reused event
 *   ids `DuplicateEventError`, appends to and reads of archived streams `StreamArchivedError`.
 */
export abstract class EventStore {
  /**
   * Appends `events` to one stream atomically. An empty `events` list writes nothing but
   * still checks `expectedVersion`.
   * @throws ConcurrencyError when the stream's version does not match `expectedVersion`
   * @throws DuplicateEventError when an `eventId` already exists
   * @throws StreamArchivedError when the stream is archived
   * @throws ValidationError for malformed input (including non-JSON data and data larger than
   * the store's `maxPayloadBytes`)
   */
  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ ...options, streamId, events }]);
    return result;
  }

  /**
   * Appends to several streams in one atomic commit: either every batch is written or none.
   * Batches apply in order, so a stream may appear twice and the second batch's
   * `expectedVersion` sees the first batch's events. Results come in batch order.
   */
  abstract appendToStreams(batches: readonly StreamAppend[]): Promise<AppendResult[]>;

  /**
   * Events of one stream, within the requested range; nothing for a missing stream.
   * Adapters read in batches, so iterating a long stream never holds all of it in memory.
   * @throws StreamArchivedError (on iteration) when the stream is archived
   */
  abstract readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;

  /**
   * Current version of the stream: the number of its events, 0 when it does not exist.
   * An archived stream keeps its version.
   */
  abstract streamVersion(streamId: string): Promise<number>;

  /**
   * Archives (tombstones) a stream: later appends and `readStream` calls throw
   * `StreamArchivedError`; its events stay in the global log, so processors still see them.
   * Archiving an archived stream again is a no-op (the version check still applies).
   * @throws NotFoundError when the stream does not exist
   * @throws ConcurrencyError when the stream's version does not match `expectedVersion`
   */
  abstract archiveStream(streamId: string, options?: ArchiveStreamOptions): Promise<void>;

  /**
   * One batch of the global log strictly after `options.after`, in commit order. A batch may
   * be shorter than `limit` (or empty) while newer events are not yet safe to read; readers
   * keep the last event's `position` as their checkpoint and call again.
   */
  abstract readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;

  /**
   * Position of the newest event `readAll` can return now, whatever its type (gap-safe like
   * `readAll`: events of still-running transactions are not counted), or `null` (`LOG_START`)
   * for an empty log. A filtered reader whose batch came back short, from a read started after
   * this call, has seen every matching event up to here and may checkpoint at it; processors
   * also measure their lag against it.
   */
  abstract headPosition(): Promise<LogPosition | null>;

  /**
   * Registers a wake-up signal: `listener` is called (asynchronously, possibly coalesced) at
   * least once after any commit that follows the registration, so processors can sleep until
   * there is something to read instead of busy-polling. It carries no data: read with
   * `readAll`. Errors thrown by listeners are ignored. Returns the unsubscribe function.
   */
  abstract subscribe(listener: () => void): () => void;
}
