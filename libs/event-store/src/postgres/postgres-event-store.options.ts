import type { Clock, IdGenerator } from '@cqrs-ddd/core';
import type { ClientConfig } from 'pg';
import type { EventStoreSchemaOptions } from './event-store-schema.options.js';

/** Options of {@link PostgresEventStore}. */
export interface PostgresEventStoreOptions extends EventStoreSchemaOptions {
  /**
   * Maximum size of one event's `data` as JSON, in UTF-8 bytes; larger events are rejected with
   * a `ValidationError` and nothing is written.
   * @default DEFAULT_MAX_PAYLOAD_BYTES (1 MiB)
   */
  readonly maxPayloadBytes?: number;
  /**
   * Events fetched per query by `readStream`: iterating a stream holds at most this many rows in
   * memory and no connection between batches.
   * @default 500
   */
  readonly readBatchSize?: number;
  /**
   * Send `NOTIFY` from every appending transaction (delivered on commit) and `LISTEN` for
   * subscribers. With `false`, subscribers are woken by polling only.
   * @default true
   */
  readonly notifications?: boolean;
  /**
   * When appends send their `NOTIFY`: `'after-commit'` from a separate, coalesced autocommit
   * statement once the appending transaction has committed (appends inside a MikroORM
   * transaction notify on its commit event); `'in-transaction'` from inside the appending
   * transaction, so PostgreSQL delivers it exactly on commit. PostgreSQL serialises the commits
   * of transactions that sent `NOTIFY`, so `'in-transaction'` caps concurrent appends at about
   * one commit per WAL flush; `'after-commit'` does not, and a notification lost to a crash
   * right after a commit is made up for by polling. Appends inside a savepoint (a nested
   * `em.transactional`) always notify in-transaction.
   * @default 'after-commit'
   */
  readonly notifyMode?: 'after-commit' | 'in-transaction';
  /**
   * With `notifyMode: 'after-commit'`, the store's notifications start at least this many
   * milliseconds apart; the commits in between share the next one. Bounds the extra statements
   * under load at the cost of up to this much wake-up latency.
   * @default 5
   */
  readonly notifyIntervalMs?: number;
  /**
   * Run appends made outside a transaction as named prepared statements on MikroORM's `pg` pool,
   * so each connection parses and plans the append call once instead of on every append (about
   * 10-20% more appends per second under concurrency). Turn it off behind a connection pooler
   * that does not keep prepared statements across transactions (PgBouncer before 1.21 in
   * transaction mode). Appends inside a MikroORM transaction, and every append when MikroORM
   * runs hooks on reserved connections, use unnamed statements either way.
   * @default true
   */
  readonly preparedStatements?: boolean;
  /**
   * Subscribers are also woken at this interval, as a safety net for missed notifications and
   * for events that were held back from `readAll` while an older transaction was running.
   * @default 1000
   */
  readonly pollIntervalMs?: number;
  /**
   * Connection settings of the dedicated `LISTEN` connection.
   * @default the settings of the MikroORM connection pool
   */
  readonly listenClientConfig?: ClientConfig;
  /**
   * First delay before reconnecting a lost `LISTEN` connection; it doubles on every failed
   * attempt, up to 30 s.
   * @default 250
   */
  readonly reconnectDelayMs?: number;
  /** Source of default `occurredAt` values. @default new SystemClock() */
  readonly clock?: Clock;
  /** Source of default event ids (must produce UUIDs). @default new UuidV7IdGenerator() */
  readonly idGenerator?: IdGenerator;
}

/** Default {@link PostgresEventStoreOptions.readBatchSize}. */
export const DEFAULT_READ_BATCH_SIZE = 500;
/** Default {@link PostgresEventStoreOptions.pollIntervalMs}. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** Default {@link PostgresEventStoreOptions.notifyIntervalMs}. */
export const DEFAULT_NOTIFY_INTERVAL_MS = 5;
/** Default {@link PostgresEventStoreOptions.reconnectDelayMs}. */
export const DEFAULT_RECONNECT_DELAY_MS = 250;
