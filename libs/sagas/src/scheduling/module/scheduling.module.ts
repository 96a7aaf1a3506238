import { Clock } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandTypeRegistry } from '../../commands/command-type.registry.js';
import { JobAdminService } from '../../jobs/job-admin.service.js';
import { JobQueue } from '../../jobs/job-queue.port.js';
import type { JobHandlerInstance } from '../../jobs/job.types.js';
import { JobWorker } from '../../jobs/job.worker.js';
import { CommandScheduler } from '../command-scheduler.port.js';
import { ScheduledCommandWorker } from '../scheduled-command.worker.js';
import type { SchedulingModuleOptions } from './scheduling-module.options.js';
import { createSchedulingStores, type SchedulingStores } from './scheduling-stores.js';
import {
  ConfigurableSchedulingModule,
  SCHEDULING_MODULE_OPTIONS,
  type SchedulingModuleAsyncOptions,
  type SchedulingModuleRootOptions,
} from './scheduling.module-definition.js';
import { SchedulingLifecycle } from './scheduling.lifecycle.js';
import { SCHEDULING_JOB_HANDLERS, SCHEDULING_STORES } from './scheduling.tokens.js';

/**
 * Durable command scheduling and background jobs, global by default:
 *
 * ```ts
 * @Module({
 *   imports: [
 *     MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl }),
 *     CqrsDddModule.forRoot({ modules: [EventStoreModule.forRoot({ driver: 'postgres' })] }),
 *     SchedulingModule.forRoot({ store: 'postgres', commands: [CancelUnpaidOrder] }),
 *   ],
 *   providers: [SendInvoiceJob], // @JobHandler('invoices.send')
 * })
 * export class AppModule {}
 * ```
 *
 * Provides `CommandScheduler`, `JobQueue`, `JobAdminService`, `CommandTypeRegistry` (other
 * libraries register their internal commands in it at start-up), and the workers
 * `ScheduledCommandWorker` and `JobWorker`, started once the app has started and stopped —
 * draining work in flight — on shutdown. Commands run through the app's `CommandBus` (the
 * pipeline of `CqrsDddModule`); with `store: 'postgres'` the app's `MikroOrmModule` is needed,
 * and the pipeline's unit of work should be the MikroORM one so that a command's effects and
 * its done mark commit together.
 */
@Module({})
export class SchedulingModule extends ConfigurableSchedulingModule {
  /** Registers scheduling with static options (see `SchedulingModuleOptions`). */
  static override forRoot(options: SchedulingModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers scheduling with options from a factory, class or existing provider. */
  static override forRootAsync(options: SchedulingModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

const providers: Provider[] = [
  {
    provide: CommandTypeRegistry,
    inject: [SCHEDULING_MODULE_OPTIONS],
    useFactory: (options: SchedulingModuleOptions) => new CommandTypeRegistry(options.commands),
  },
  {
    provide: SCHEDULING_STORES,
    inject: [
      SCHEDULING_MODULE_OPTIONS,
      CommandTypeRegistry,
      { token: MikroORM, optional: true },
      { token: Clock, optional: true },
    ],
    useFactory: (
      options: SchedulingModuleOptions,
      registry: CommandTypeRegistry,
      orm: MikroORM | undefined,
      clock: Clock | undefined,
    ) => createSchedulingStores(options, registry, orm, clock),
  },
  {
    provide: CommandScheduler,
    inject: [SCHEDULING_STORES],
    useFactory: (stores: SchedulingStores) => stores.scheduler,
  },
  {
    provide: JobQueue,
    inject: [SCHEDULING_STORES],
    useFactory: (stores: SchedulingStores) => stores.jobs,
  },
  {
    provide: JobAdminService,
    inject: [SCHEDULING_STORES],
    useFactory: (stores: SchedulingStores) => new JobAdminService(stores.jobs, stores.clock),
  },
  { provide: SCHEDULING_JOB_HANDLERS, useFactory: () => new Map<string, JobHandlerInstance>() },
  {
    provide: ScheduledCommandWorker,
    inject: [SCHEDULING_MODULE_OPTIONS, SCHEDULING_STORES, CommandTypeRegistry, CommandBus],
    useFactory: (
      options: SchedulingModuleOptions,
      stores: SchedulingStores,
      registry: CommandTypeRegistry,
      bus: CommandBus,
    ) =>
      new ScheduledCommandWorker(stores.scheduler, registry, bus, {
        clock: stores.clock,
        pollIntervalMs: options.worker?.pollIntervalMs,
        batchSize: options.worker?.batchSize,
        retry: options.worker?.retry,
      }),
  },
  {
    provide: JobWorker,
    inject: [SCHEDULING_MODULE_OPTIONS, SCHEDULING_STORES, SCHEDULING_JOB_HANDLERS],
    useFactory: (
      options: SchedulingModuleOptions,
      stores: SchedulingStores,
      handlers: Map<string, JobHandlerInstance>,
    ) => new JobWorker(stores.jobs, handlers, { clock: stores.clock, ...options.jobs }),
  },
  SchedulingLifecycle,
];

const exported = [
  CommandTypeRegistry,
  CommandScheduler,
  JobQueue,
  JobAdminService,
  ScheduledCommandWorker,
  JobWorker,
];

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    imports: [...(definition.imports ?? []), DiscoveryModule],
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...exported],
  };
}
