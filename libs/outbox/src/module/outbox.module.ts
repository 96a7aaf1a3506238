import {
  Clock,
  EventStore,
  SHARED_STORAGE_TARGET,
  StorageTargets,
  TargetEventStores,
} from '@cqrs-ddd/core';
import { ProjectionTargets } from '@cqrs-ddd/projections';
import { MikroORM } from '@mikro-orm/core';
import { type DynamicModule, Module } from '@nestjs/common';
import { DedicatedOutboxRelays } from './dedicated-outbox-relays.js';
import type { OutboxModuleOptions } from './outbox-module.options.js';
import { createOutboxRelays, type OutboxRelays } from './outbox-relays.js';
import {
  ConfigurableOutboxModule,
  OUTBOX_MODULE_OPTIONS,
  type OutboxModuleAsyncOptions,
  type OutboxModuleRootOptions,
} from './outbox.module-definition.js';
import { OutboxService } from './outbox.service.js';
import { OUTBOX_RELAYS } from './outbox.tokens.js';

/**
 * The transactional outbox: the event log is the outbox (an event is in it the moment its
 * transaction commits), and each publisher is a checkpointed processor relaying its selected
 * events to a broker with confirms — at-least-once, in log order, retrying through outages,
 * parking what the broker refuses, one active publisher per destination across instances.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl }),
 *     CqrsDddModule.forRoot({ modules: [EventStoreModule.forRoot({ driver: 'postgres' })] }),
 *     OutboxModule.forRoot({
 *       publishers: [{
 *         name: 'orders',
 *         select: { types: ['order.confirmed', 'order.cancelled'] },
 *         transport: new RabbitMqPublisher({ url: 'amqp://guest:guest@localhost:5672' }),
 *       }],
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * Needs the global `EventStoreModule` (the log); the `'postgres'` coordination (default) needs
 * the app's `MikroOrmModule`.
 *
 * Per-tenant storage: with storage targets (tenants with a schema or database of their own) and
 * the global `ProjectionsModule`, every dedicated target's log is relayed too, by one processor
 * per publisher on that target's engine (`ProjectionTargets`; its checkpoints, leases and parked
 * messages in the target's schema or database, as the projections module's coordination says).
 * Without `ProjectionsModule` only the shared target's log is relayed.
 */
@Module({})
export class OutboxModule extends ConfigurableOutboxModule {
  /** Registers the outbox with static options (see `OutboxModuleOptions`). */
  static override forRoot(options: OutboxModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers the outbox with options from a factory, class or existing provider. */
  static override forRootAsync(options: OutboxModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    providers: [
      ...(definition.providers ?? []),
      {
        provide: OUTBOX_RELAYS,
        inject: [
          OUTBOX_MODULE_OPTIONS,
          EventStore,
          { token: MikroORM, optional: true },
          { token: Clock, optional: true },
          { token: StorageTargets, optional: true },
          { token: TargetEventStores, optional: true },
        ],
        useFactory: async (
          options: OutboxModuleOptions,
          eventStore: EventStore,
          orm: MikroORM | undefined,
          clock: Clock | undefined,
          storageTargets: StorageTargets | undefined,
          targetEventStores: TargetEventStores | undefined,
        ) => {
          // With storage targets the app's EventStore follows the caller's tenant: read the
          // shared target's own log, whoever starts the relays.
          const sharedLog =
            storageTargets && targetEventStores
              ? await targetEventStores.forTarget(SHARED_STORAGE_TARGET)
              : eventStore;
          return createOutboxRelays(options, { eventStore: sharedLog, orm, clock });
        },
      },
      {
        provide: DedicatedOutboxRelays,
        // After OUTBOX_RELAYS, which validates the publisher definitions.
        inject: [
          OUTBOX_MODULE_OPTIONS,
          OUTBOX_RELAYS,
          { token: ProjectionTargets, optional: true },
          { token: Clock, optional: true },
        ],
        useFactory: async (
          options: OutboxModuleOptions,
          _validated: OutboxRelays,
          projectionTargets: ProjectionTargets | undefined,
          clock: Clock | undefined,
        ) => {
          const dedicated = new DedicatedOutboxRelays(options.publishers, clock);
          if (projectionTargets) await dedicated.attach(projectionTargets);
          return dedicated;
        },
      },
      OutboxService,
    ],
    exports: [...(definition.exports ?? []), OutboxService],
  };
}
