import type { LogPosition, StoredEvent } from '../../domain/event-envelope.js';
import { compareLogPositions, logPosition } from '../../domain/log-position.js';
import { DuplicateEventError } from '../../errors/duplicate-event.error.js';
import { NotFoundError } from '../../errors/not-found.error.js';
import { StreamArchivedError } from '../../errors/stream-archived.error.js';
import { ValidationError } from '../../errors/validation.error.js';
import type { Clock } from '../../ports/clock.port.js';
import {
  assertExpectedVersion,
  assertMaxPayloadBytes,
  prepareAppend,
  type PreparedEvent,
  type PreparedStreamAppend,
  resolveArchiveStreamOptions,
  resolveReadAllOptions,
  resolveReadStreamOptions,
} from '../../ports/event-store.input.js';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  EventStore,
  type AppendResult,
  type ArchiveStreamOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
} from '../../ports/event-store.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import { SystemClock } from '../system-clock.adapter.js';
import { UuidV7IdGenerator } from '../uuid-v7-id-generator.adapter.js';

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** Source of `occurredAt` defaults and `recordedAt`. @default new SystemClock() */
  readonly clock?: Clock;
  /** Source of default event ids. @default new UuidV7IdGenerator() */
  readonly idGenerator?: IdGenerator;
  /** Maximum size of one event's `data` as JSON, in UTF-8 bytes. @default DEFAULT_MAX_PAYLOAD_BYTES */
  readonly maxPayloadBytes?: number;
}

interface StreamRecord {
  readonly streamType: string | undefined;
  readonly events: StoredEvent[];
  archived: boolean;
}

/**
 * {@link EventStore} in process memory, for unit tests and single-process demos. An append
 * commits synchronously (no `await` between its checks and its writes), so calls are
 * serialised by the event loop: each call is one transaction with the next `transactionId`,
 * and the log is always in commit order, which makes `readAll` trivially gap-safe. Events are
 * deep-copied in and out, as a database would, so callers cannot alter stored history.
 */
export class InMemoryEventStore extends EventStore {
  private readonly clock: Clock;
  private readonly idGenerator: IdGenerator;
  private readonly maxPayloadBytes: number;
  private readonly streams = new Map<string, StreamRecord>();
  private readonly log: StoredEvent[] = [];
  private readonly eventIds = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private lastTransactionId = 0n;
  private lastGlobalPosition = 0n;

  constructor(options: InMemoryEventStoreOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
    this.idGenerator = options.idGenerator ?? new UuidV7IdGenerator();
    this.maxPayloadBytes = assertMaxPayloadBytes(
      options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    );
  }

  async appendToStreams(batches: readonly StreamAppend[]): Promise<AppendResult[]> {
    const prepared = this.copyIn(
      prepareAppend(batches, {
        clock: this.clock,
        idGenerator: this.idGenerator,
        maxPayloadBytes: this.maxPayloadBytes,
      }),
    );

    // Check everything first, against versions as earlier batches of this call leave them.
    const versions = new Map<string, number>();
    const streamTypes = new Map<string, string | undefined>();
    for (const batch of prepared) {
      if (this.streams.get(batch.streamId)?.archived) {
        throw new StreamArchivedError(batch.streamId);
      }
      const actual = versions.get(batch.streamId) ?? this.versionOf(batch.streamId);
      assertExpectedVersion(batch.streamId, batch.expectedVersion, actual);
      const knownType = streamTypes.has(batch.streamId)
        ? streamTypes.get(batch.streamId)
        : this.streams.get(batch.streamId)?.streamType;
      if (
        batch.streamType !== undefined &&
        knownType !== undefined &&
        knownType !== batch.streamType
      ) {
        throw ValidationError.of(
          'streamType',
          `stream "${batch.streamId}" is a "${knownType}" stream, not "${batch.streamType}"`,
          'streamTypeMatches',
        );
      }
      for (const event of batch.events) {
        if (this.eventIds.has(event.eventId)) throw new DuplicateEventError(event.eventId);
      }
      if (batch.events.length > 0) {
        versions.set(batch.streamId, actual + batch.events.length);
        // The type is recorded when the stream is created; an existing untyped stream stays so.
        const creates = !this.streams.has(batch.streamId) && actual === 0;
        streamTypes.set(batch.streamId, creates ? batch.streamType : knownType);
      }
    }

    // Then commit all of it as one transaction.
    const hasEvents = prepared.some((batch) => batch.events.length > 0);
    const transactionId = hasEvents ? ++this.lastTransactionId : this.lastTransactionId;
    const recordedAt = this.clock.now().toISOString();
    const results = prepared.map((batch): AppendResult => {
      let stream = this.streams.get(batch.streamId);
      if (!stream && batch.events.length > 0) {
        stream = { streamType: streamTypes.get(batch.streamId), events: [], archived: false };
        this.streams.set(batch.streamId, stream);
      }
      const stored = batch.events.map((event): StoredEvent => {
        const record: StoredEvent = {
          eventId: event.eventId,
          type: event.type,
          version: event.version,
          streamId: batch.streamId,
          streamVersion: stream!.events.length + 1,
          occurredAt: event.occurredAt,
          data: event.data,
          metadata: event.metadata,
          position: logPosition(transactionId, ++this.lastGlobalPosition),
          recordedAt,
          ...(stream!.streamType === undefined ? {} : { streamType: stream!.streamType }),
        };
        stream!.events.push(record);
        this.log.push(record);
        this.eventIds.add(record.eventId);
        return structuredClone(record);
      });
      return {
        streamId: batch.streamId,
        streamVersion: stream?.events.length ?? 0,
        position: stored.at(-1)?.position ?? null,
        events: stored,
      };
    });
    if (hasEvents) this.notify();
    return results;
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    const { fromVersion, toVersion, direction, maxCount } = resolveReadStreamOptions(
      streamId,
      options,
    );
    const stream = this.streams.get(streamId);
    if (stream?.archived) throw new StreamArchivedError(streamId);
    const events = stream?.events ?? [];
    const range = events.slice(fromVersion - 1, toVersion);
    if (direction === 'backward') range.reverse();
    for (const event of range.slice(0, maxCount)) yield structuredClone(event);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.versionOf(streamId);
  }

  async archiveStream(streamId: string, options?: ArchiveStreamOptions): Promise<void> {
    const { expectedVersion } = resolveArchiveStreamOptions(streamId, options);
    const stream = this.streams.get(streamId);
    if (!stream) throw new NotFoundError('Stream', streamId);
    assertExpectedVersion(streamId, expectedVersion, stream.events.length);
    stream.archived = true;
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    const { after, limit, types, streamTypes } = resolveReadAllOptions(options);
    const batch: StoredEvent[] = [];
    for (let i = this.firstIndexAfter(after); i < this.log.length && batch.length < limit; i++) {
      const event = this.log[i];
      if (types && !types.has(event.type)) continue;
      if (streamTypes && !(event.streamType && streamTypes.has(event.streamType))) continue;
      batch.push(structuredClone(event));
    }
    return batch;
  }

  async headPosition(): Promise<LogPosition | null> {
    const last = this.log[this.log.length - 1];
    return last ? { ...last.position } : null;
  }

  subscribe(listener: () => void): () => void {
    // Wrap, so that subscribing the same function twice yields two independent subscriptions.
    const entry = () => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /**
   * Private copies of the caller's data, parsed back from the validated JSON as a database
   * would store it, made before anything is written (atomicity).
   */
  private copyIn(batches: PreparedStreamAppend[]): PreparedStreamAppend[] {
    return batches.map((batch) => ({
      ...batch,
      events: batch.events.map((event): PreparedEvent => ({
        ...event,
        data: JSON.parse(event.dataJson) as Record<string, unknown>,
        metadata: JSON.parse(event.metadataJson) as PreparedEvent['metadata'],
      })),
    }));
  }

  private versionOf(streamId: string): number {
    return this.streams.get(streamId)?.events.length ?? 0;
  }

  /** Binary search: the log is sorted by position because appends commit one at a time. */
  private firstIndexAfter(after: StoredEvent['position'] | null): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareLogPositions(this.log[middle].position, after) > 0) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private notify(): void {
    queueMicrotask(() => {
      for (const listener of [...this.listeners]) {
        // A wake-up hint: a faulty listener must neither fail the committed append nor
        // keep the other listeners from waking up.
        try {
          listener();
        } catch {
          /* ignored by contract, see EventStore.subscribe */
        }
      }
    });
  }
}
