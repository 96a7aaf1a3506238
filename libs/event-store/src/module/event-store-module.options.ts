import type { DomainEventClass } from '@cqrs-ddd/core';
import type { AggregateSnapshotOptions } from '../snapshots/snapshot-strategy.js';
import type { UnknownEventTypePolicy } from '../upcasting/event-deserializer.js';
import type { EventTypeAliases, UpcasterDefinition } from '../upcasting/event-upcaster.js';

/**
 * Where events are stored: `'postgres'` on the application's MikroORM connection (import
 * `MikroOrmModule.forRoot(...)` from `@mikro-orm/nestjs` in the app), `'memory'` in process
 * memory (unit tests, demos).
 */
export type EventStoreDriver = 'postgres' | 'memory';

/** Settings of the `'postgres'` driver. */
export interface EventStorePostgresOptions {
  /**
   * PostgreSQL schema holding the event store tables (created by the migrations).
   * @default 'public'
   */
  schema?: string;
  /**
   * Prefix of the event store's table names (`<prefix>streams`, `<prefix>messages`,
   * `<prefix>snapshots`); must match the one the migrations were run with.
   * @default 'cqrs_'
   */
  tablePrefix?: string;
  /**
   * Wake log readers up with LISTEN/NOTIFY after each commit (one extra connection per
   * process while someone subscribes, closed on shutdown). Off: readers rely on polling only.
   * @default true
   */
  notifications?: boolean;
  /**
   * When the wake-up NOTIFY is sent: `'after-commit'` (a separate statement right after the
   * appending transaction commits — PostgreSQL serialises the commits of transactions that
   * NOTIFY, so this keeps concurrent appends fast; a crash between commit and notify only
   * delays readers until the next poll) or `'in-transaction'` (inside the appending
   * transaction, delivered exactly on commit).
   * @default 'after-commit'
   */
  notifyMode?: 'after-commit' | 'in-transaction';
  /**
   * Run appends outside a transaction as named prepared statements (parsed once per
   * connection). Turn it off behind a pooler that does not keep prepared statements across
   * transactions (PgBouncer before 1.21 in transaction mode).
   * @default true
   */
  preparedStatements?: boolean;
  /**
   * Fallback polling interval of the wake-up signal, in milliseconds: listeners are also woken
   * this often, so a lost notification (or `notify: false`) only delays readers.
   * @default 1000
   */
  pollIntervalMs?: number;
  /**
   * Apply the event store's pending migrations at start-up (`migrateEventStore`: shipped SQL
   * only, under an advisory lock, safe with many instances). Off: run them yourself before
   * starting the app, e.g. from a deploy step (see the README).
   * @default false
   */
  migrate?: boolean;
}

/** Options of `EventStoreModule.forRoot` / `forRootAsync`. */
export interface EventStoreModuleOptions {
  /** Storage driver. Required: there is no silent fallback to memory in production. */
  driver: EventStoreDriver;
  /**
   * Event classes to register with the `EventTypeRegistry` (each declares `static type` and
   * `static version`). Feature modules add theirs with `forFeature([...], { events })`. Saving an
   * event of an unregistered class fails and writes nothing.
   * @default []
   */
  events?: DomainEventClass<object>[];
  /**
   * Renamed event types: old stored type -> its class (or type) today, e.g.
   * `{ 'order.placed': OrderCreated }`. Class targets are registered too.
   * @default {}
   */
  aliases?: EventTypeAliases;
  /**
   * Upcasters given as plain objects (`{ type, from, to, upcast }`). Classes decorated with
   * `@Upcaster()` and provided in any module are discovered and added.
   * @default []
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upcasters?: UpcasterDefinition<any, any>[];
  /**
   * What to do with stored events whose type matches no registered class (after aliases):
   * `'fail'` throws `UnknownStoredEventTypeError`, `'skip'` leaves them out of aggregates.
   * @default 'fail'
   */
  unknownEventTypes?: UnknownEventTypePolicy;
  /**
   * Snapshot defaults for every aggregate (`forFeature` options and entries override them).
   * @default { strategy: SnapshotStrategies.never(), mode: 'inline' } (no snapshots)
   */
  snapshots?: Omit<AggregateSnapshotOptions, 'revision'>;
  /**
   * Largest `data` of one event as JSON text, in UTF-8 bytes; bigger events are rejected with a
   * `ValidationError` and nothing is written.
   * @default 1048576 (1 MiB, core's DEFAULT_MAX_PAYLOAD_BYTES)
   */
  maxPayloadBytes?: number;
  /**
   * Settings of the `'postgres'` driver (ignored by `'memory'`).
   * @default {} (schema `public`, table prefix `cqrs_`, LISTEN/NOTIFY on, 1 s polling fallback)
   */
  postgres?: EventStorePostgresOptions;
  /**
   * (`'postgres'` only) Append the domain events recorded on MikroORM entities
   * (`StateStoredAggregateRoot` / `recordEvent`) when they are flushed, in the flush's
   * transaction. Off: the app appends them itself.
   * @default true
   */
  stateStoredEvents?: boolean;
}
