import type { StorageTargets } from '@cqrs-ddd/core';
import type { EventManager, MikroORM } from '@mikro-orm/core';
import { AppendHooks } from '../hooks/append-hooks.js';
import {
  createEventStoreDriver,
  type EventStoreDriverDependencies,
  type EventStoreDriverInstance,
} from '../module/event-store-driver.js';
import type { EventStoreModuleOptions } from '../module/event-store-module.options.js';
import { StateStoredEventsSubscriber } from '../state-stored/state-stored-events.subscriber.js';
import { RoutedEventStore } from './routed-event-store.js';
import { RoutedSnapshotStore } from './routed-snapshot-store.js';
import { RoutedUnitOfWork } from './routed-unit-of-work.js';
import { TargetEventStoreDrivers } from './target-event-store.drivers.js';

/**
 * The module's driver when a `StorageTargets` provider is visible: `eventStore`,
 * `snapshotStore` and `unitOfWork` route every call to the driver of `storageTargets.current()`
 * ({@link TargetEventStoreDrivers}, exposed as `targets`), and one `AppendHooks` serves every
 * target (an inline projection registers once and runs inside the append transaction of
 * whichever target appended; it can ask `storageTargets.current()` where that is).
 *
 * State-stored events (`'postgres'`, `stateStoredEvents` on): MikroORM subscribers are per
 * EventManager, and the shared target and every schema target share the application's MikroORM,
 * so exactly one subscriber is registered on it — and one on each database target's MikroORM
 * when its driver is created — and it appends through the routed store: a flushed entity's
 * events go to the log of the tenant current at flush time, in the flush's transaction.
 *
 * `close()` detaches those subscribers and closes every target's driver, then the shared one.
 */
export async function createRoutedEventStoreDriver(
  options: EventStoreModuleOptions,
  deps: EventStoreDriverDependencies,
  storageTargets: StorageTargets,
): Promise<EventStoreDriverInstance & { readonly targets: TargetEventStoreDrivers }> {
  const appendHooks = deps.appendHooks ?? new AppendHooks();
  const driverDeps = { ...deps, appendHooks };
  const shared = await createEventStoreDriver({ ...options, stateStoredEvents: false }, driverDeps);
  const subscribers = new Map<EventManager, StateStoredEventsSubscriber>();
  const routeStateStoredEvents =
    options.driver === 'postgres' && (options.stateStoredEvents ?? true);
  const targets = new TargetEventStoreDrivers(options, driverDeps, shared, attach);
  const eventStore = new RoutedEventStore(storageTargets, targets);
  // Called once `eventStore` exists: for the app's MikroORM below, for a database target's
  // MikroORM when its driver has been created.
  function attach(orm: MikroORM): void {
    const events = orm.em.getEventManager();
    if (!routeStateStoredEvents || subscribers.has(events)) return;
    const subscriber = new StateStoredEventsSubscriber(eventStore, deps.registry);
    events.registerSubscriber(subscriber);
    subscribers.set(events, subscriber);
  }
  if (deps.orm !== undefined) attach(deps.orm);
  return {
    eventStore,
    snapshotStore: new RoutedSnapshotStore(storageTargets, targets),
    unitOfWork: new RoutedUnitOfWork(storageTargets, targets),
    appendHooks,
    targets,
    close: async () => {
      for (const subscriber of subscribers.values()) subscriber.detach();
      await targets.close();
      await shared.close();
    },
  };
}
