import { Clock, InMemoryUnitOfWork, TRANSACTIONAL_UNIT_OF_WORK, UnitOfWork } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import { InMemoryInboxStore } from './in-memory-inbox.store.js';
import { migrateInbox } from './inbox-schema.js';
import { InboxStore } from './inbox-store.port.js';
import {
  INBOX_SETTINGS,
  type InboxModuleOptions,
  resolveInboxSettings,
} from './inbox-module.options.js';
import {
  ConfigurableInboxModule,
  INBOX_MODULE_OPTIONS,
  type InboxModuleAsyncOptions,
  type InboxModuleRootOptions,
} from './inbox.module-definition.js';
import { InboxInterceptor } from './inbox.interceptor.js';
import { PostgresInboxStore } from './postgres-inbox.store.js';

/**
 * The inbox: idempotent consumers for `@nestjs/microservices` handlers marked `@Inbox()`.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl }),
 *     CqrsDddModule.forRoot({ modules: [EventStoreModule.forRoot({ driver: 'postgres' })] }),
 *     InboxModule.forRoot({ store: 'postgres' }),
 *   ],
 *   controllers: [OrderEventsController],
 * })
 * export class AppModule {}
 * ```
 *
 * Provides `InboxStore` (the `'postgres'` store needs the app's `MikroOrmModule` and creates
 * its table at start-up unless `postgres.migrate` is false) and `InboxInterceptor`.
 *
 * The unit of work of each attempt is resolved as core does for the pipeline: core's
 * `UnitOfWork` provider (`CqrsDddModule`: its `unitOfWork` option, else the
 * `TRANSACTIONAL_UNIT_OF_WORK` provider, else an `InMemoryUnitOfWork`), so the inbox record,
 * the handler's writes and the commands it sends share one transaction; without
 * `CqrsDddModule`, the `TRANSACTIONAL_UNIT_OF_WORK` provider; else a new `InMemoryUnitOfWork`.
 * It is enlisted with the store (`InboxStore.enlist`): the PostgreSQL store opens a MikroORM
 * transaction around the work when that unit is not one.
 */
@Module({})
export class InboxModule extends ConfigurableInboxModule {
  /** Registers the module with static options (see `InboxModuleOptions`). */
  static override forRoot(options: InboxModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: InboxModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

const providers: Provider[] = [
  {
    provide: InboxStore,
    inject: [
      INBOX_MODULE_OPTIONS,
      { token: MikroORM, optional: true },
      { token: Clock, optional: true },
    ],
    useFactory: (options: InboxModuleOptions, orm?: MikroORM, clock?: Clock) =>
      createInboxStore(options, orm, clock),
  },
  {
    provide: INBOX_SETTINGS,
    inject: [
      INBOX_MODULE_OPTIONS,
      InboxStore,
      { token: UnitOfWork, optional: true },
      { token: TRANSACTIONAL_UNIT_OF_WORK, optional: true },
    ],
    useFactory: (
      options: InboxModuleOptions,
      store: InboxStore,
      pipelineUnit?: UnitOfWork,
      transactional?: UnitOfWork,
    ) =>
      resolveInboxSettings(
        options,
        store.enlist(pipelineUnit ?? transactional ?? new InMemoryUnitOfWork()),
      ),
  },
  InboxInterceptor,
];

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), InboxStore, INBOX_SETTINGS, InboxInterceptor],
  };
}

async function createInboxStore(
  options: InboxModuleOptions,
  orm: MikroORM | undefined,
  clock: Clock | undefined,
): Promise<InboxStore> {
  if (options.store === 'memory') return new InMemoryInboxStore({ clock });
  if (options.store !== 'postgres') {
    throw new OutboxConfigurationError(
      `InboxModule: store must be 'postgres' or 'memory', got ${String(options.store)}.`,
    );
  }
  if (!orm) {
    throw new OutboxConfigurationError(
      "InboxModule: the 'postgres' store uses the application's MikroORM: import " +
        "MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) from '@mikro-orm/nestjs'.",
    );
  }
  const em = orm.em as unknown as SqlEntityManager;
  const { migrate = true, schema } = options.postgres ?? {};
  if (migrate) await migrateInbox(em, { schema });
  return new PostgresInboxStore(em, { schema });
}
