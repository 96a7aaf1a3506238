import {
  InMemoryEventStore,
  InMemorySnapshotStore,
  InMemoryUnitOfWork,
  type Clock,
  type EventStore,
  type EventTypeRegistry,
  type IdGenerator,
  type SnapshotStore,
  type TargetEventStores,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/core';
import {
  PostgreSqlDriver,
  type EntityManager,
  type MikroORM as PostgresMikroORM,
} from '@mikro-orm/postgresql';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import { MikroOrmUnitOfWork } from '../postgres/mikro-orm-unit-of-work.adapter.js';
import { migrateEventStore } from '../postgres/migrations/migrate-event-store.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.adapter.js';
import { PostgresSnapshotStore } from '../postgres/postgres-snapshot-store.adapter.js';
import { StateStoredEventsSubscriber } from '../state-stored/state-stored-events.subscriber.js';
import { AppendHooks } from '../hooks/append-hooks.js';
import { HookedEventStore } from '../hooks/hooked-event-store.js';
import type { EventStoreModuleOptions } from './event-store-module.options.js';

/** Internal token of the driver's adapters ({@link EventStoreDriverInstance}). */
export const EVENT_STORE_DRIVER = Symbol('cqrs-ddd:EVENT_STORE_DRIVER');

/** The adapters of the configured driver, and how to release what they hold. */
export interface EventStoreDriverInstance {
  readonly eventStore: EventStore;
  readonly snapshotStore: SnapshotStore;
  /** Transaction boundary of appends and inline snapshots. */
  readonly unitOfWork: UnitOfWork;
  /** Hooks run inside every append's transaction (inline projections). */
  readonly appendHooks: AppendHooks;
  /**
   * The event store of each storage target, when the module routes per tenant (a
   * `StorageTargets` provider is visible); absent otherwise.
   */
  readonly targets?: TargetEventStores;
  /** Releases connections and timers (the LISTEN client); called on application shutdown. */
  close(): Promise<void>;
}

/** What drivers use from the app and the module. */
export interface EventStoreDriverDependencies {
  /** Serialises events recorded by state-stored entities. */
  readonly registry: EventTypeRegistry;
  /** The app's MikroORM (`MikroOrmModule.forRoot`), required by `'postgres'`. */
  readonly orm?: MikroORM;
  /** Core's `Clock` (`CqrsDddModule`). @default the store's own SystemClock */
  readonly clock?: Clock;
  /** Core's `IdGenerator` (`CqrsDddModule`). @default the store's own UUIDv7 generator */
  readonly idGenerator?: IdGenerator;
  /** Hooks of the driver's appends, shared by several drivers (storage targets). @default new ones */
  readonly appendHooks?: AppendHooks;
}

/** Creates the adapters of `options.driver`. */
export async function createEventStoreDriver(
  options: EventStoreModuleOptions,
  deps: EventStoreDriverDependencies,
): Promise<EventStoreDriverInstance> {
  const appendHooks = deps.appendHooks ?? new AppendHooks();
  if (options.driver === 'postgres') return createPostgresDriver(options, deps, appendHooks);
  const unitOfWork = new InMemoryUnitOfWork();
  const inner = new InMemoryEventStore({
    clock: deps.clock,
    idGenerator: deps.idGenerator,
    maxPayloadBytes: options.maxPayloadBytes,
  });
  return {
    eventStore: new HookedEventStore(inner, appendHooks, unitOfWork),
    snapshotStore: new InMemorySnapshotStore(),
    unitOfWork,
    appendHooks,
    close: async () => undefined,
  };
}

async function createPostgresDriver(
  options: EventStoreModuleOptions,
  { orm, registry, clock, idGenerator }: EventStoreDriverDependencies,
  appendHooks: AppendHooks,
): Promise<EventStoreDriverInstance> {
  if (orm === undefined) {
    throw new EventStoreConfigurationError(
      "the 'postgres' driver uses the application's MikroORM: import " +
        "MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) from '@mikro-orm/nestjs' in the app module.",
    );
  }
  // The app's global EntityManager: the stores resolve the caller's transaction from it.
  const em = orm.em as unknown as EntityManager;
  if (!(orm.em.getDriver() instanceof PostgreSqlDriver)) {
    throw new EventStoreConfigurationError(
      "the 'postgres' driver needs MikroORM configured with PostgreSqlDriver from '@mikro-orm/postgresql'.",
    );
  }
  const {
    schema,
    tablePrefix,
    notifications,
    notifyMode,
    preparedStatements,
    pollIntervalMs,
    migrate = false,
  } = options.postgres ?? {};
  if (migrate) await migrateEventStore(orm as PostgresMikroORM, { schema, tablePrefix });
  const postgresStore = new PostgresEventStore(em, {
    schema,
    tablePrefix,
    notifications,
    notifyMode,
    preparedStatements,
    pollIntervalMs,
    maxPayloadBytes: options.maxPayloadBytes,
    clock,
    idGenerator,
  });
  const unitOfWork = new MikroOrmUnitOfWork(em);
  const eventStore = new HookedEventStore(postgresStore, appendHooks, unitOfWork);
  const subscriber = new StateStoredEventsSubscriber(eventStore, registry);
  if (options.stateStoredEvents ?? true) em.getEventManager().registerSubscriber(subscriber);
  return {
    eventStore,
    snapshotStore: new PostgresSnapshotStore(em, { schema, tablePrefix }),
    unitOfWork,
    appendHooks,
    close: async () => {
      subscriber.detach();
      await postgresStore.close();
    },
  };
}
