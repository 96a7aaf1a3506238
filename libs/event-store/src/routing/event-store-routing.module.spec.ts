import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  EventStore,
  NotFoundError,
  runInContext,
  SHARED_STORAGE_TARGET,
  SnapshotStore,
  StorageTargets,
  TargetEventStores,
  UnitOfWork,
  type StorageTarget,
} from '@cqrs-ddd/core';
import { FakeStorageTargets } from '@cqrs-ddd/core/testing';
import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import { HookedEventStore } from '../hooks/hooked-event-store.js';
import { AppendHooks } from '../hooks/append-hooks.js';
import { AggregateRepositoryFactory } from '../module/aggregate-repository.factory.js';
import { EventStoreModule } from '../module/event-store.module.js';
import {
  EVENT_STORE_UNIT_OF_WORK,
  getAggregateRepositoryToken,
} from '../module/event-store.tokens.js';
import { OpenOrder, OpenOrderHandler } from '../module/open-order.fixture.js';
import type { AggregateRepository } from '../repository/aggregate-repository.js';
import { ORDER_EVENTS, Order } from '../repository/order.fixture.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { SnapshotStrategies } from '../snapshots/snapshot-strategies.js';
import { RoutedEventStore } from './routed-event-store.js';
import { RoutedSnapshotStore } from './routed-snapshot-store.js';
import { RoutedUnitOfWork } from './routed-unit-of-work.js';
import { SharedTargetEventStores } from './shared-target-event-stores.js';
import { TargetEventStoreDrivers } from './target-event-store.drivers.js';

const ACME: StorageTarget = { key: 'schema:tenant_acme', tenantId: 'acme', schema: 'tenant_acme' };
const GLOBEX: StorageTarget = { key: 'database:globex', tenantId: 'globex', connection: {} };

const targets = new FakeStorageTargets([ACME, GLOBEX]);

@Global()
@Module({ providers: [{ provide: StorageTargets, useValue: targets }], exports: [StorageTargets] })
class StorageTargetsModule {}

/** The apps booted by the running test, closed after it. */
const booted: TestingModule[] = [];
afterEach(async () => {
  await Promise.all(booted.splice(0).map((moduleRef) => moduleRef.close()));
});

/** Boots the memory event store with the order feature and `imports`; closed after the test. */
async function boot(...imports: Array<DynamicModule | Type>): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...imports,
      CqrsDddModule.forRoot({ context: { http: false }, pipeline: { logging: false } }),
      EventStoreModule.forRoot({
        driver: 'memory',
        events: ORDER_EVENTS,
        snapshots: { strategy: SnapshotStrategies.everyNEvents(2) },
      }),
      EventStoreModule.forFeature([Order]),
    ],
    providers: [OpenOrderHandler],
  }).compile();
  booted.push(moduleRef);
  return moduleRef.init();
}

/** Runs `fn` in a request context of `tenantId` whose target was prepared. */
async function asTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  await targets.prepare(tenantId);
  return runInContext({ tenantId }, fn);
}

describe('EventStoreModule with a StorageTargets provider (memory)', () => {
  it('routes the ports, and provides the TargetEventStores of the targets', async () => {
    const moduleRef = await boot(StorageTargetsModule);
    expect(moduleRef.get(EventStore)).toBeInstanceOf(RoutedEventStore);
    expect(moduleRef.get(SnapshotStore)).toBeInstanceOf(RoutedSnapshotStore);
    expect(moduleRef.get(EVENT_STORE_UNIT_OF_WORK)).toBeInstanceOf(RoutedUnitOfWork);
    expect(moduleRef.get(UnitOfWork)).toBe(moduleRef.get(EVENT_STORE_UNIT_OF_WORK));
    expect(moduleRef.get(AppendHooks)).toBeInstanceOf(AppendHooks);
    expect(moduleRef.get(TargetEventStores)).toBeInstanceOf(TargetEventStoreDrivers);
  });

  it("saves and loads aggregates in each tenant's own store, inside the pipeline's unit", async () => {
    const moduleRef = await boot(StorageTargetsModule);
    const bus = moduleRef.get(CommandBus);
    const orders = moduleRef.get<AggregateRepository<Order>>(getAggregateRepositoryToken(Order));

    expect(await asTenant('acme', () => bus.execute(new OpenOrder('o-1')))).toEqual({
      version: 2,
      inUnit: true,
    });
    await asTenant('globex', () => bus.execute(new OpenOrder('o-2')));

    expect(await asTenant('acme', () => orders.load('o-1'))).toMatchObject({ version: 2 });
    await expect(asTenant('globex', () => orders.load('o-1'))).rejects.toThrow(NotFoundError);
    await expect(orders.load('o-1')).rejects.toThrow(NotFoundError);
    expect(await asTenant('globex', () => orders.load('o-2'))).toMatchObject({ version: 2 });

    const stores = moduleRef.get(TargetEventStores);
    const streamsOf = async (target: StorageTarget) =>
      (await (await stores.forTarget(target)).readAll()).map((e) => e.streamId);
    expect(await streamsOf(ACME)).toEqual(['o-1', 'o-1']);
    expect(await streamsOf(GLOBEX)).toEqual(['o-2', 'o-2']);
    expect(await streamsOf(SHARED_STORAGE_TARGET)).toEqual([]);
    // Snapshots (every 2 events) follow the target too.
    const snapshots = moduleRef.get(SnapshotStore);
    expect(await asTenant('acme', () => snapshots.load('o-1'))).toMatchObject({ version: 2 });
    expect(await asTenant('globex', () => snapshots.load('o-1'))).toBeNull();
  });

  it('repositories of the AggregateRepositoryFactory route too', async () => {
    const moduleRef = await boot(StorageTargetsModule);
    const orders = moduleRef.get(AggregateRepositoryFactory).create(Order);
    await asTenant('acme', () => orders.save(Order.create('o-3', 'c-1')));

    expect(await asTenant('acme', () => orders.loadOrNull('o-3'))).not.toBeNull();
    expect(await asTenant('globex', () => orders.loadOrNull('o-3'))).toBeNull();
  });

  it('takes async snapshots in the target of the save (jobs run detached from the request)', async () => {
    const moduleRef = await boot(StorageTargetsModule);
    const orders = moduleRef.get(AggregateRepositoryFactory).create(Order, {
      snapshots: { strategy: SnapshotStrategies.everyNEvents(1), mode: 'async' },
    });
    await asTenant('globex', () => orders.save(Order.create('o-4', 'c-1')));
    await moduleRef.get(BackgroundSnapshotWriter).whenIdle();

    const snapshots = moduleRef.get(SnapshotStore);
    expect(await asTenant('globex', () => snapshots.load('o-4'))).toMatchObject({ version: 1 });
    expect(await snapshots.load('o-4')).toBeNull();
  });
});

describe('EventStoreModule without a StorageTargets provider', () => {
  it('keeps its own adapters; TargetEventStores only knows the shared target', async () => {
    const moduleRef = await boot();
    const store = moduleRef.get(EventStore);
    expect(store).toBeInstanceOf(HookedEventStore);
    const stores = moduleRef.get(TargetEventStores);
    expect(stores).toBeInstanceOf(SharedTargetEventStores);
    expect(await stores.forTarget(SHARED_STORAGE_TARGET)).toBe(store);
    expect(await stores.forTarget({ key: 'tenant:x', tenantId: 'x' })).toBe(store);
    await expect(stores.forTarget(ACME)).rejects.toThrow(EventStoreConfigurationError);
  });
});
