// Test fixture (not part of the public API): the accounts feature on routed storage targets.
import { EventStore, runInContext, StorageTargets, TargetEventStores } from '@cqrs-ddd/core';
import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  AccountsModule,
  type Balance,
  BalanceQueries,
  initOrClose,
} from '../module/projections-module.fixture.js';
import type { ProjectionsModuleRootOptions } from '../module/projections.module-definition.js';
import { ProjectionsModule } from '../module/projections.module.js';

/** What the routed test app runs on (each absent one is not provided). */
export interface RoutedStorage {
  /** The application's `EventStore` (the shared target's log). */
  readonly eventStore: EventStore;
  readonly storageTargets?: StorageTargets;
  readonly targetEventStores?: TargetEventStores;
  /** More global providers (e.g. the MikroORM). */
  readonly providers?: Provider[];
}

/** A global module providing the storage ports, as the event store and multitenancy modules do. */
class RoutedStorageModule {}

function storageModule(storage: RoutedStorage): DynamicModule {
  const providers: Provider[] = [
    { provide: EventStore, useValue: storage.eventStore },
    ...(storage.storageTargets
      ? [{ provide: StorageTargets, useValue: storage.storageTargets }]
      : []),
    ...(storage.targetEventStores
      ? [{ provide: TargetEventStores, useValue: storage.targetEventStores }]
      : []),
    ...(storage.providers ?? []),
  ];
  return {
    module: RoutedStorageModule,
    global: true,
    providers,
    exports: providers.map((provider) =>
      typeof provider === 'function' ? provider : provider.provide,
    ),
  };
}

/** Boots the projections module with `options` and the accounts feature (and `extra`) on `storage`. */
export async function bootRouted(
  options: ProjectionsModuleRootOptions,
  storage: RoutedStorage,
  extra: Array<DynamicModule | Type> = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [storageModule(storage), ProjectionsModule.forRoot(options), AccountsModule, ...extra],
  }).compile();
  return initOrClose(moduleRef);
}

/** Runs `fn` as a request of `tenantId` (its storage target prepared first, as at an entry point). */
export async function asTenant<T>(
  storageTargets: StorageTargets | undefined,
  tenantId: string,
  fn: () => Promise<T>,
): Promise<T> {
  await storageTargets?.prepare(tenantId);
  return runInContext({ tenantId }, fn);
}

/** The balance of `account` as a request of `tenantId` reads it through the repository. */
export function readBalance(
  moduleRef: TestingModule,
  storageTargets: StorageTargets | undefined,
  tenantId: string,
  account: string,
): Promise<Balance | undefined> {
  const { balances } = moduleRef.get(BalanceQueries);
  return asTenant(storageTargets, tenantId, () => balances.get(account));
}
