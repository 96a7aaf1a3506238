import { Clock, EventStore } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import { type DynamicModule, Module } from '@nestjs/common';
import type { OutboxModuleOptions } from './outbox-module.options.js';
import { createOutboxRelays } from './outbox-relays.js';
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
        ],
        useFactory: (
          options: OutboxModuleOptions,
          eventStore: EventStore,
          orm: MikroORM | undefined,
          clock: Clock | undefined,
        ) => createOutboxRelays(options, { eventStore, orm, clock }),
      },
      OutboxService,
    ],
    exports: [...(definition.exports ?? []), OutboxService],
  };
}
