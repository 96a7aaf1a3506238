import {
  Clock,
  EventStore,
  EventTypeRegistry,
  IdGenerator,
  SnapshotStore,
  StorageTargets,
  TargetEventStores,
} from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { Provider } from '@nestjs/common';
import { AppendHooks } from '../hooks/append-hooks.js';
import { RoutedBackgroundSnapshotWriter } from '../routing/routed-background-snapshot-writer.js';
import { createRoutedEventStoreDriver } from '../routing/routed-event-store.driver.js';
import { SharedTargetEventStores } from '../routing/shared-target-event-stores.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { EventDeserializer } from '../upcasting/event-deserializer.js';
import { UpcasterRegistry } from '../upcasting/upcaster-registry.js';
import { AggregateRepositoryFactory } from './aggregate-repository.factory.js';
import {
  createEventStoreDriver,
  EVENT_STORE_DRIVER,
  type EventStoreDriverInstance,
} from './event-store-driver.js';
import type { EventStoreModuleOptions } from './event-store-module.options.js';
import { EVENT_STORE_MODULE_OPTIONS } from './event-store.module-definition.js';
import { EVENT_STORE_UNIT_OF_WORK } from './event-store.tokens.js';
import { assertEventStoreOptions } from './assert-event-store-options.js';

/** Providers of `EventStoreModule` (the options provider comes from `forRoot`/`forRootAsync`). */
export const eventStoreProviders: Provider[] = [
  {
    provide: EVENT_STORE_DRIVER,
    inject: [
      EVENT_STORE_MODULE_OPTIONS,
      { token: MikroORM, optional: true },
      { token: Clock, optional: true },
      { token: IdGenerator, optional: true },
      EventTypeRegistry,
      { token: StorageTargets, optional: true },
    ],
    useFactory: (
      options: EventStoreModuleOptions,
      orm: MikroORM | undefined,
      clock: Clock | undefined,
      idGenerator: IdGenerator | undefined,
      registry: EventTypeRegistry,
      storageTargets: StorageTargets | undefined,
    ) => {
      assertEventStoreOptions(options);
      const deps = { orm, clock, idGenerator, registry };
      // Per-tenant storage (schema or database per tenant): route to the current target.
      if (storageTargets) return createRoutedEventStoreDriver(options, deps, storageTargets);
      return createEventStoreDriver(options, deps);
    },
  },
  {
    provide: TargetEventStores,
    inject: [EVENT_STORE_DRIVER],
    useFactory: (d: EventStoreDriverInstance) =>
      d.targets ?? new SharedTargetEventStores(d.eventStore),
  },
  {
    provide: EventStore,
    inject: [EVENT_STORE_DRIVER],
    useFactory: (d: EventStoreDriverInstance) => d.eventStore,
  },
  {
    provide: AppendHooks,
    inject: [EVENT_STORE_DRIVER],
    useFactory: (d: EventStoreDriverInstance) => d.appendHooks,
  },
  {
    provide: SnapshotStore,
    inject: [EVENT_STORE_DRIVER],
    useFactory: (d: EventStoreDriverInstance) => d.snapshotStore,
  },
  {
    provide: EVENT_STORE_UNIT_OF_WORK,
    inject: [EVENT_STORE_DRIVER],
    useFactory: (d: EventStoreDriverInstance) => d.unitOfWork,
  },
  {
    provide: EventTypeRegistry,
    inject: [EVENT_STORE_MODULE_OPTIONS],
    useFactory: (options: EventStoreModuleOptions) => {
      const aliasClasses = Object.values(options.aliases ?? {}).filter(
        (target) => typeof target === 'function',
      );
      return new EventTypeRegistry([...(options.events ?? []), ...aliasClasses]);
    },
  },
  UpcasterRegistry,
  {
    provide: EventDeserializer,
    inject: [EventTypeRegistry, UpcasterRegistry, EVENT_STORE_MODULE_OPTIONS],
    useFactory: (
      registry: EventTypeRegistry,
      upcasters: UpcasterRegistry,
      options: EventStoreModuleOptions,
    ) => new EventDeserializer(registry, upcasters, options.unknownEventTypes),
  },
  {
    provide: BackgroundSnapshotWriter,
    inject: [{ token: StorageTargets, optional: true }],
    // Routing: each job is pinned to the storage target of the save that scheduled it.
    useFactory: (storageTargets: StorageTargets | undefined) =>
      storageTargets
        ? new RoutedBackgroundSnapshotWriter(storageTargets)
        : new BackgroundSnapshotWriter(),
  },
  AggregateRepositoryFactory,
];

/** What `EventStoreModule` exports. */
export const eventStoreExports = [
  EventStore,
  AppendHooks,
  SnapshotStore,
  EVENT_STORE_UNIT_OF_WORK,
  EventTypeRegistry,
  UpcasterRegistry,
  EventDeserializer,
  BackgroundSnapshotWriter,
  AggregateRepositoryFactory,
  TargetEventStores,
];
