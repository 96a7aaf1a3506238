import { Clock, EventStore } from '@cqrs-ddd/core';
import { EventDeserializer } from '@cqrs-ddd/event-store';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { SagaAdminController } from '../admin/saga-admin.controller.js';
import { SagaAdminService } from '../admin/saga-admin.service.js';
import { CommandTypeRegistry } from '../commands/command-type.registry.js';
import { SagasConfigurationError } from '../errors/sagas-configuration.error.js';
import { createSagaEngine } from '../saga/saga-engine.js';
import { CommandScheduler } from '../scheduling/command-scheduler.port.js';
import { SchedulingModule } from '../scheduling/module/scheduling.module.js';
import { SagaTimeoutHandler } from './saga-timeout.handler.js';
import type { SagasModuleOptions } from './sagas-module.options.js';
import {
  ConfigurableSagasModule,
  SAGAS_MODULE_OPTIONS,
  type SagasModuleAsyncOptions,
  type SagasModuleExtras,
  type SagasModuleRootOptions,
} from './sagas.module-definition.js';
import { SagasService } from './sagas.service.js';
import { SAGA_ENGINE } from './sagas.tokens.js';

/**
 * Crash-safe sagas (process managers) on the event log: each saga is a checkpointed processor
 * whose instance changes, recorded commands and checkpoint commit in one PostgreSQL transaction;
 * a dispatcher sends the commands through the `CommandBus` (the whole pipeline) in the saga's
 * tenant, each command's effect committing with its dispatched mark; failed steps compensate in
 * reverse order; step timeouts run through the durable `CommandScheduler`.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl }),
 *     CqrsDddModule.forRoot({ modules: [EventStoreModule.forRoot({ driver: 'postgres' })] }),
 *     SagasModule.forRoot({
 *       sagas: [fulfilment],
 *       commands: [ReserveStockCommand, ReleaseStockCommand, CancelOrderCommand],
 *       roles: ['orders:system'],
 *       scheduling: { store: 'postgres', commands: [] },
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * Needs the global `EventStoreModule`, the app's `MikroOrmModule` (PostgreSQL), `CqrsModule`
 * (through `CqrsDddModule`) and the `SchedulingModule` (imported with `scheduling`, or by the app
 * itself) for the `CommandScheduler` and its `CommandTypeRegistry`. The commands sagas send must
 * be registered with that registry (this module's `commands`, or the scheduling module's).
 */
@Module({})
export class SagasModule extends ConfigurableSagasModule {
  /** Registers the sagas with static options (see `SagasModuleOptions`). */
  static override forRoot(options: SagasModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options), options);
  }

  /** Registers the sagas with options from a factory, class or existing provider. */
  static override forRootAsync(options: SagasModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options), options);
  }
}

function withProviders(definition: DynamicModule, extras: SagasModuleExtras): DynamicModule {
  const scheduling = extras.scheduling ? [SchedulingModule.forRoot(extras.scheduling)] : [];
  return {
    ...definition,
    imports: [...(definition.imports ?? []), DiscoveryModule, ...scheduling],
    controllers: extras.adminApi ? [SagaAdminController] : [],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: SAGA_ENGINE,
        inject: [
          SAGAS_MODULE_OPTIONS,
          EventStore,
          CommandTypeRegistry,
          CommandScheduler,
          CommandBus,
          { token: MikroORM, optional: true },
          { token: EventDeserializer, optional: true },
          { token: Clock, optional: true },
        ],
        useFactory: async (
          options: SagasModuleOptions,
          eventStore: EventStore,
          registry: CommandTypeRegistry,
          scheduler: CommandScheduler,
          commandBus: CommandBus,
          orm: MikroORM | undefined,
          deserializer: EventDeserializer | undefined,
          clock: Clock | undefined,
        ) => {
          if (!orm) {
            throw new SagasConfigurationError(
              "Sagas need the application's MikroORM on PostgreSQL: import " +
                "MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) from '@mikro-orm/nestjs'.",
            );
          }
          for (const command of options.commands ?? []) registry.register(command);
          const engine = await createSagaEngine(
            {
              ...options.postgres,
              roles: options.roles,
              run: options.run,
              dispatcher: options.dispatcher,
            },
            {
              eventStore,
              em: orm.em as EntityManager,
              registry,
              scheduler,
              execute: (command) => commandBus.execute(command as never),
              upcast: deserializer && ((event) => deserializer.upcast(event)),
              clock,
            },
          );
          for (const saga of options.sagas ?? []) engine.register(saga);
          return engine;
        },
      },
      SagaTimeoutHandler,
      SagasService,
      SagaAdminService,
    ],
    exports: [...(definition.exports ?? []), SagasService, SagaAdminService, SAGA_ENGINE],
  };
}
