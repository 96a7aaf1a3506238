import {
  SHARED_STORAGE_TARGET,
  TargetEventStores,
  type EventStore,
  type StorageTarget,
} from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/core';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import {
  createEventStoreDriver,
  type EventStoreDriverDependencies,
  type EventStoreDriverInstance,
} from '../module/event-store-driver.js';
import type { EventStoreModuleOptions } from '../module/event-store-module.options.js';
import { DEFAULT_EVENT_STORE_SCHEMA } from '../postgres/event-store-schema.options.js';
import { EventStoreClosedError } from './event-store-closed.error.js';

/** Called with the MikroORM of each database target once its driver exists. */
export type TargetConnectionListener = (orm: MikroORM) => void;

/**
 * The event store drivers of the storage targets: the shared target's (the module's own
 * driver), and one per dedicated target `key`, created on first use (concurrent first uses share
 * one creation; a failed creation is retried by the next use) with `createEventStoreDriver`:
 *
 * - `'postgres'`: the target's `schema` (default: the configured `postgres.schema`) on the
 *   target's `connection` (a MikroORM; default: the application's). With `postgres.migrate`,
 *   the target's schema/database is migrated when its driver is created. The drivers never
 *   register the state-stored events subscriber themselves (the routing layer registers one per
 *   MikroORM, see `createRoutedEventStoreDriver`).
 * - `'memory'`: an in-memory store of its own per target.
 *
 * Every driver shares the `AppendHooks` of `deps`. Targets without a schema or connection of
 * their own (or with the configured schema on the application's MikroORM) use the shared driver.
 * {@link close} closes the drivers it created, not the shared one (the caller owns it).
 */
export class TargetEventStoreDrivers extends TargetEventStores {
  readonly #creating = new Map<string, Promise<EventStoreDriverInstance>>();
  readonly #ready = new Map<string, EventStoreDriverInstance>();
  #closed = false;

  constructor(
    private readonly options: EventStoreModuleOptions,
    private readonly deps: EventStoreDriverDependencies,
    /** The shared target's driver. */
    readonly shared: EventStoreDriverInstance,
    private readonly onConnection?: TargetConnectionListener,
  ) {
    super();
  }

  /** The event store of `target`, created (and migrated, when configured) on first use. */
  async forTarget(target: StorageTarget): Promise<EventStore> {
    return (await this.driverFor(target)).eventStore;
  }

  /**
   * The driver of `target`, created on first use.
   * @throws EventStoreClosedError after {@link close}, for a target not created before
   * @throws EventStoreConfigurationError when a target's `connection` is no MikroORM
   */
  driverFor(target: StorageTarget): Promise<EventStoreDriverInstance> {
    if (this.usesShared(target)) return Promise.resolve(this.shared);
    let driver = this.#creating.get(target.key);
    if (driver === undefined) {
      if (this.#closed) return Promise.reject(new EventStoreClosedError(target.key));
      driver = this.create(target).then(
        (created) => {
          this.#ready.set(target.key, created);
          return created;
        },
        (error: unknown) => {
          this.#creating.delete(target.key);
          throw error;
        },
      );
      this.#creating.set(target.key, driver);
    }
    return driver;
  }

  /** The driver of `target` if it exists already (synchronous callers), else `undefined`. */
  readyDriverFor(target: StorageTarget): EventStoreDriverInstance | undefined {
    return this.usesShared(target) ? this.shared : this.#ready.get(target.key);
  }

  /** Closes every driver created for a dedicated target (waiting for creations in flight). */
  async close(): Promise<void> {
    this.#closed = true;
    const drivers = await Promise.allSettled(this.#creating.values());
    this.#creating.clear();
    this.#ready.clear();
    await Promise.all(
      drivers.map((driver) => (driver.status === 'fulfilled' ? driver.value.close() : undefined)),
    );
  }

  private usesShared(target: StorageTarget): boolean {
    if (target.key === SHARED_STORAGE_TARGET.key) return true;
    if (this.connectionOf(target) !== undefined) return false;
    const configured =
      this.options.driver === 'postgres'
        ? (this.options.postgres?.schema ?? DEFAULT_EVENT_STORE_SCHEMA)
        : undefined;
    return target.schema === undefined || target.schema === configured;
  }

  /** The target's own connection; `undefined` when it has none or it is the application's. */
  private connectionOf(target: StorageTarget): unknown {
    const { connection } = target;
    return connection === undefined || connection === this.deps.orm ? undefined : connection;
  }

  private async create(target: StorageTarget): Promise<EventStoreDriverInstance> {
    if (this.options.driver !== 'postgres') return createEventStoreDriver(this.options, this.deps);
    const connection = this.connectionOf(target);
    const orm = connection === undefined ? this.deps.orm : asMikroOrm(connection, target.key);
    const postgres = {
      ...this.options.postgres,
      schema: target.schema ?? this.options.postgres?.schema,
    };
    const driver = await createEventStoreDriver(
      { ...this.options, postgres, stateStoredEvents: false },
      { ...this.deps, orm },
    );
    if (connection !== undefined && orm !== undefined) this.onConnection?.(orm);
    return driver;
  }
}

function asMikroOrm(connection: unknown, key: string): MikroORM {
  const em = (connection as Partial<MikroORM> | null)?.em;
  if (typeof em?.getDriver !== 'function') {
    throw new EventStoreConfigurationError(
      `the connection of storage target '${key}' must be a MikroORM instance (MikroORM.init({ driver: PostgreSqlDriver, ... })).`,
    );
  }
  return connection as MikroORM;
}
