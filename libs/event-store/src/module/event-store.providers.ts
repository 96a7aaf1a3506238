import { Clock, EventStore, EventTypeRegistry, IdGenerator, SnapshotStore } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { Provider } from '@nestjs/common';
import { AppendHooks } from '../hooks/append-hooks.js';
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
    ],
    useFactory: (
      options: EventStoreModuleOptions,
      orm: MikroORM | undefined,
      clock: Clock | undefined,
      idGenerator: IdGenerator | undefined,
      registry: EventTypeRegistry,
    ) => {
      assertEventStoreOptions(options);
      return createEventStoreDriver(options, { orm, clock, idGenerator, registry });
    },
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
  { provide: BackgroundSnapshotWriter, useFactory: () => new BackgroundSnapshotWriter() },
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
];
