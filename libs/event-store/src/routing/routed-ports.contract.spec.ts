import { EventTypeRegistry, type StorageTarget } from '@cqrs-ddd/core';
import {
  describeEventStoreContract,
  describeSnapshotStoreContract,
  describeUnitOfWorkContract,
  FakeStorageTargets,
} from '@cqrs-ddd/core/testing';
import type { EventStoreDriverInstance } from '../module/event-store-driver.js';
import { createRoutedEventStoreDriver } from './routed-event-store.driver.js';

// The routed facades, with current() on a dedicated target whose store is created on first use,
// behave exactly like the ports they stand for.
const DEDICATED: StorageTarget = { key: 'schema:tenant_a', tenantId: 'a', schema: 'tenant_a' };

async function routedDriver(): Promise<EventStoreDriverInstance> {
  const targets = new FakeStorageTargets();
  targets.use(DEDICATED);
  return createRoutedEventStoreDriver(
    { driver: 'memory' },
    { registry: new EventTypeRegistry() },
    targets,
  );
}

describeEventStoreContract('RoutedEventStore (memory, dedicated target)', async () => {
  const driver = await routedDriver();
  return { adapter: driver.eventStore, dispose: () => driver.close() };
});

describeSnapshotStoreContract('RoutedSnapshotStore (memory, dedicated target)', async () => {
  const driver = await routedDriver();
  return { adapter: driver.snapshotStore, dispose: () => driver.close() };
});

describeUnitOfWorkContract('RoutedUnitOfWork (memory, dedicated target)', async () => {
  const driver = await routedDriver();
  return { adapter: driver.unitOfWork, dispose: () => driver.close() };
});
