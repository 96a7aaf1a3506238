import {
  assertMaxPayloadBytes,
  ConcurrencyError,
  DEFAULT_MAX_PAYLOAD_BYTES,
  EventStore,
  logPosition,
  type LogPosition,
  NotFoundError,
  prepareAppend,
  resolveArchiveStreamOptions,
  resolveReadAllOptions,
  resolveReadStreamOptions,
  StreamArchivedError,
  SystemClock,
  UuidV7IdGenerator,
  ValidationError,
  type AppendResult,
  type ArchiveStreamOptions,
  type Clock,
  type IdGenerator,
  type PreparedStreamAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamAppend,
} from '@cqrs-ddd/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventStoreSchemaNames, type EventStoreSchemaNames } from './event-store-schema.options.js';
import {
  appendToStreamParameters,
  appendToStreamResult,
  appendToStreamSql,
  appendToStreamsParameters,
  appendToStreamsResults,
  appendToStreamsSql,
  expectedVersionParameters,
  normaliseEventIds,
  translateAppendError,
  type AppendToStreamRow,
  type AppendToStreamsRow,
} from './postgres-append.statement.js';
import {
  DEFAULT_NOTIFY_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_READ_BATCH_SIZE,
  DEFAULT_RECONNECT_DELAY_MS,
  type PostgresEventStoreOptions,
} from './postgres-event-store.options.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './postgres-event.row.js';
import { firstBatchSql, nextBatchSql, type FirstBatchRow } from './postgres-read-stream.query.js';
import { PostgresCommitNotifier } from './postgres-commit.notifier.js';
import { PostgresSqlExecutor } from './postgres-sql.executor.js';
import { listenConfigOf, PostgresWakeUpSignal } from './postgres-wake-up.signal.js';

const MAX_BIGINT = 2n ** 63n - 1n;
/** Attempts of a one-stream append whose stream kept moving on while its failure was explained. */
const MAX_APPEND_ATTEMPTS = 3;
const MAX_XID8 = 2n ** 64n - 1n;

function integerAtLeast(min: number, value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw ValidationError.of(path, `must be an integer >= ${min}`, 'isInt');
  }
  return value;
}
const positiveInteger = (value: number, path: string) => integerAtLeast(1, value, path);
const nonNegativeInteger = (value: number, path: string) => integerAtLeast(0, value, path);

/**
 * {@link EventStore} on PostgreSQL through MikroORM. Every statement runs in the caller's active
 * MikroORM transaction when there is one (so entity changes, appends and snapshots of one
 * command commit together), otherwise as its own transaction: an append is a single call of a
 * SQL function created by the migrations (one round trip), which serialises writers per stream
 * and checks everything before writing. Subscribers are woken by `NOTIFY` once the appending
 * transaction has committed (see `notifyMode`), and by polling.
 *
 * `readAll` is gap-safe: it returns only rows of transactions older than every running one
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`), in `(transaction_id,
 * global_position)` order. A long-running transaction anywhere in the cluster therefore holds
 * back newer events until it ends. `readStream` reads in batches of `readBatchSize`.
 *
 * Call {@link close} on shutdown to release the `LISTEN` connection.
 */
export class PostgresEventStore extends EventStore {
  private readonly sql: PostgresSqlExecutor;
  private readonly names: EventStoreSchemaNames;
  private readonly signal: PostgresWakeUpSignal;
  private readonly clock: Clock;
  private readonly idGenerator: IdGenerator;
  private readonly maxPayloadBytes: number;
  private readonly readBatchSize: number;
  /** Channel appends notify, `null` when notifications are off. */
  private readonly channel: string | null;
  /** Sends notifications after commit; `null` when they are off or sent in-transaction. */
  private readonly notifier: PostgresCommitNotifier | null;
  private readonly appendToStreamStatement: string;
  private readonly appendToStreamsStatement: string;

  constructor(em: EntityManager, options: PostgresEventStoreOptions = {}) {
    super();
    this.names = eventStoreSchemaNames(options);
    this.sql = new PostgresSqlExecutor(em, options.preparedStatements ?? true);
    this.clock = options.clock ?? new SystemClock();
    this.idGenerator = options.idGenerator ?? new UuidV7IdGenerator();
    this.maxPayloadBytes = assertMaxPayloadBytes(
      options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    );
    this.readBatchSize = positiveInteger(
      options.readBatchSize ?? DEFAULT_READ_BATCH_SIZE,
      'readBatchSize',
    );
    const notifications = options.notifications ?? true;
    const channel = this.names.channel;
    this.channel = notifications ? channel : null;
    this.notifier =
      notifications && options.notifyMode !== 'in-transaction'
        ? new PostgresCommitNotifier(
            em,
            () => this.sql.queryOutsideTransaction('SELECT pg_notify($1, $2)', [channel, '']),
            nonNegativeInteger(
              options.notifyIntervalMs ?? DEFAULT_NOTIFY_INTERVAL_MS,
              'notifyIntervalMs',
            ),
          )
        : null;
    this.appendToStreamStatement = appendToStreamSql(this.names);
    this.appendToStreamsStatement = appendToStreamsSql(this.names);
    const listenClientConfig = options.listenClientConfig;
    this.signal = new PostgresWakeUpSignal({
      channel: this.names.channel,
      listen: notifications,
      pollIntervalMs: positiveInteger(
        options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        'pollIntervalMs',
      ),
      reconnectDelayMs: positiveInteger(
        options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS,
        'reconnectDelayMs',
      ),
      clientConfig: async () =>
        listenClientConfig ?? listenConfigOf(await em.getConnection().getNativeClient()),
    });
  }

  async appendToStreams(batches: readonly StreamAppend[]): Promise<AppendResult[]> {
    const prepared = normaliseEventIds(
      prepareAppend(batches, {
        clock: this.clock,
        idGenerator: this.idGenerator,
        maxPayloadBytes: this.maxPayloadBytes,
      }),
    );
    if (prepared.length === 0) return [];
    const transaction = this.sql.transaction();
    const afterCommit = this.notifier?.handles(transaction) ?? false;
    const channel = afterCommit ? null : this.channel;
    let results: AppendResult[];
    try {
      results = await this.appendPrepared(prepared, channel);
    } catch (error) {
      throw translateAppendError(error, this.names, prepared);
    }
    if (afterCommit && results.some((result) => result.events.length > 0)) {
      this.notifier!.appended(transaction);
    }
    return results;
  }

  private async appendPrepared(
    prepared: PreparedStreamAppend[],
    channel: string | null,
  ): Promise<AppendResult[]> {
    if (prepared.length > 1) {
      const [row] = await this.sql.queryPrepared<AppendToStreamsRow>(
        this.appendToStreamsStatement,
        appendToStreamsParameters(prepared, channel),
      );
      return appendToStreamsResults(row, prepared);
    }
    // One stream: a single upsert locks, checks and bumps the stream row. When the stream moved
    // on between that write attempt and the explanation of its failure, nothing was written and
    // the call is simply repeated.
    const [batch] = prepared;
    const parameters = appendToStreamParameters(batch, channel);
    for (let attempt = 1; ; attempt++) {
      const [row] = await this.sql.queryPrepared<AppendToStreamRow>(
        this.appendToStreamStatement,
        parameters,
      );
      const result = appendToStreamResult(row, batch);
      if (result) return [result];
      if (attempt === MAX_APPEND_ATTEMPTS) {
        throw new ConcurrencyError(batch.streamId, batch.expectedVersion, row.o_actual ?? 0);
      }
    }
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    const { fromVersion, toVersion, direction, maxCount } = resolveReadStreamOptions(
      streamId,
      options,
    );
    const forward = direction === 'forward';
    let size = Math.min(this.readBatchSize, maxCount ?? Number.MAX_SAFE_INTEGER);
    const rows = await this.sql.query<FirstBatchRow>(firstBatchSql(this.names, forward), [
      streamId,
      fromVersion,
      toVersion ?? null,
      size,
    ]);
    if (rows.length === 0) return;
    const { stream_total: version, stream_archived: archived } = rows[0];
    if (archived) throw new StreamArchivedError(streamId);
    const top = Math.min(toVersion ?? version, version);
    let remaining = Math.min(maxCount ?? Number.MAX_SAFE_INTEGER, top - fromVersion + 1);
    let batch = rows[0].event_id === null ? [] : (rows as EventRow[]);
    // Versions are contiguous, so each further batch is a version range: no OFFSET, no cursor.
    let next = forward ? fromVersion : top;
    const select = nextBatchSql(this.names, forward);
    for (;;) {
      const count = batch.length;
      for (let i = 0; i < count; i++) {
        const row = batch[i];
        // Drop each row once handed out, so that nothing of a batch outlives its consumption.
        (batch as (EventRow | undefined)[])[i] = undefined;
        yield toStoredEvent(row);
      }
      remaining -= count;
      next = forward ? next + count : next - count;
      if (count < size || remaining <= 0) return;
      size = Math.min(this.readBatchSize, remaining);
      const [low, high] = forward ? [next, next + size - 1] : [next - size + 1, next];
      batch = await this.sql.query<EventRow>(select, [streamId, low, high]);
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    const [stream] = await this.sql.query<{ version: number }>(
      `SELECT version FROM ${this.names.streams} WHERE id = $1`,
      [streamId],
    );
    return stream?.version ?? 0;
  }

  async archiveStream(streamId: string, options?: ArchiveStreamOptions): Promise<void> {
    const { expectedVersion } = resolveArchiveStreamOptions(streamId, options);
    const [row] = await this.sql.query<{ o_status: string; o_actual: number }>(
      `SELECT * FROM ${this.names.archiveFunction}($1::text, $2::text, $3::bigint)`,
      [streamId, ...expectedVersionParameters(expectedVersion)],
    );
    if (row.o_status === 'not_found') throw new NotFoundError('Stream', streamId);
    if (row.o_status === 'conflict') {
      throw new ConcurrencyError(streamId, expectedVersion, row.o_actual);
    }
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    const { after, limit, types, streamTypes } = resolveReadAllOptions(options);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())'];
    if (after) {
      // A checkpoint beyond the column ranges is after every event.
      if (BigInt(after.transactionId) > MAX_XID8 || BigInt(after.globalPosition) > MAX_BIGINT) {
        return [];
      }
      where.push(
        `(m.transaction_id, m.global_position) > (${param(after.transactionId)}::xid8, ` +
          `${param(after.globalPosition)}::bigint)`,
      );
    }
    if (types) where.push(`m.type = ANY (${param([...types])}::text[])`);
    if (streamTypes) where.push(`m.stream_type = ANY (${param([...streamTypes])}::text[])`);
    const rows = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.names.messages} m WHERE ${where.join(' AND ')} ` +
        `ORDER BY m.transaction_id, m.global_position LIMIT ${param(limit)}`,
      params,
    );
    return rows.map(toStoredEvent);
  }

  async headPosition(): Promise<LogPosition | null> {
    const [row] = await this.sql.query<{ transaction_id: string; global_position: string }>(
      `SELECT m.transaction_id::text, m.global_position::text FROM ${this.names.messages} m
       WHERE m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY m.transaction_id DESC, m.global_position DESC LIMIT 1`,
    );
    return row ? logPosition(row.transaction_id, row.global_position) : null;
  }

  subscribe(listener: () => void): () => void {
    return this.signal.subscribe(listener);
  }

  /**
   * Closes the `LISTEN` connection, stops polling (current subscriptions end) and waits for a
   * notification in flight. The store does not own the MikroORM connection and stays usable for
   * reads and appends, but appends made after `close` no longer notify after commit.
   */
  async close(): Promise<void> {
    await Promise.all([this.signal.close(), this.notifier?.close()]);
  }
}
