import { Clock, SystemClock } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommandTypeRegistry } from '../../commands/command-type.registry.js';
import { InMemoryJobQueue } from '../../jobs/in-memory-job-queue.js';
import type { JobQueue } from '../../jobs/job-queue.port.js';
import type { JobStore } from '../../jobs/job.store.js';
import { PostgresJobQueue } from '../../jobs/postgres-job-queue.js';
import type { CommandScheduler } from '../command-scheduler.port.js';
import { InMemoryCommandScheduler } from '../in-memory-command-scheduler.js';
import { PostgresCommandScheduler } from '../postgres-command-scheduler.js';
import type { ScheduledCommandStore } from '../scheduled-command.store.js';
import { SchedulingConfigurationError } from '../scheduling-configuration.error.js';
import { migrateScheduling } from '../scheduling-schema.js';
import type { SchedulingModuleOptions } from './scheduling-module.options.js';

/** The stores of one `SchedulingModule`. */
export interface SchedulingStores {
  readonly scheduler: CommandScheduler & ScheduledCommandStore;
  readonly jobs: JobQueue & JobStore;
  readonly clock: Clock;
}

/**
 * Builds the module's scheduler and job queue on the configured store (migrating the PostgreSQL
 * tables first unless `postgres.migrate` is false).
 * @throws SchedulingConfigurationError for `store: 'postgres'` without MikroORM, or an unknown store
 */
export async function createSchedulingStores(
  options: SchedulingModuleOptions,
  registry: CommandTypeRegistry,
  orm: MikroORM | undefined,
  clock: Clock = new SystemClock(),
): Promise<SchedulingStores> {
  if (options.store === 'memory') {
    return {
      scheduler: new InMemoryCommandScheduler(registry, { clock }),
      jobs: new InMemoryJobQueue({ clock }),
      clock,
    };
  }
  if (options.store !== 'postgres') {
    throw new SchedulingConfigurationError(
      `SchedulingModule: store must be 'postgres' or 'memory', got ${JSON.stringify(options.store)}.`,
    );
  }
  if (!orm) {
    throw new SchedulingConfigurationError(
      "SchedulingModule with store 'postgres' needs the app's MikroORM: import MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }).",
    );
  }
  const em = orm.em as EntityManager;
  const { schema, migrate = true, appRole } = options.postgres ?? {};
  if (migrate) await migrateScheduling(em.getConnection(), { schema, appRole });
  return {
    scheduler: new PostgresCommandScheduler(em, registry, { schema, clock }),
    jobs: new PostgresJobQueue(em, { schema, clock }),
    clock,
  };
}
