import {
  type CheckpointStore,
  type Clock,
  InMemoryCheckpointStore,
  InMemoryReadModelStore,
  type LockStrategy,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { MikroOrmUnitOfWork } from '@cqrs-ddd/event-store';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, SqlEntityManager } from '@mikro-orm/postgresql';
import type { Connection } from 'mongoose';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { MongoCheckpointStore } from '../mongo/mongo-checkpoint.store.js';
import { MongoReadModelStore } from '../mongo/mongo-read-model.store.js';
import { PostgresCheckpointStore } from '../postgres/postgres-checkpoint.store.js';
import { PostgresProjectionStateStore } from '../postgres/postgres-projection-state.store.js';
import { PostgresReadModelStore } from '../postgres/postgres-read-model.store.js';
import { migrateProjections } from '../postgres/projections-schema.js';
import type { ParkedEventStore } from '../processor/parked-event-store.port.js';
import type { ProcessorSuspensionStore } from '../processor/processor-suspension-store.port.js';
import { InMemoryProjectionStateStore } from '../projection/in-memory-projection-state.store.js';
import type { BatchableReadModelStore } from '../projection/projection-batch.buffer.js';
import type { ProjectionStateStore } from '../projection/projection-state-store.port.js';
import { createProcessorStores } from './processor-stores.js';
import type { ProjectionsModuleOptions } from './projections-module.options.js';

/** The stores the projections module runs on, built from its options. */
export interface ProjectionsInfrastructure {
  readonly readModels: BatchableReadModelStore;
  readonly checkpoints: CheckpointStore;
  readonly locks: LockStrategy;
  readonly parked: ParkedEventStore;
  readonly suspensions: ProcessorSuspensionStore;
  readonly states: ProjectionStateStore;
  /** Transaction of a batch with its checkpoint (PostgreSQL store only). */
  readonly unitOfWork?: UnitOfWork;
}

/** What {@link createProjectionsInfrastructure} may use, depending on the options. */
export interface ProjectionsInfrastructureSources {
  readonly orm?: MikroORM;
  readonly mongo?: Connection;
  readonly clock?: Clock;
}

/**
 * Builds the stores of `options`: read models and checkpoints on the `store` driver, leases,
 * parked events and generations on the `coordination` driver, migrating the PostgreSQL tables
 * first unless `postgres.migrate` is off.
 * @throws ProjectionsConfigurationError when a driver's connection is missing
 */
export async function createProjectionsInfrastructure(
  options: ProjectionsModuleOptions,
  { orm, mongo, clock }: ProjectionsInfrastructureSources,
): Promise<ProjectionsInfrastructure> {
  const coordination = options.coordination ?? (options.store === 'memory' ? 'memory' : 'postgres');
  const needsPostgres = options.store === 'postgres' || coordination === 'postgres';
  if (needsPostgres && !orm) {
    throw new ProjectionsConfigurationError(
      "The projections module needs the application's MikroORM for the PostgreSQL " +
        `${options.store === 'postgres' ? 'store' : 'coordination'}: import ` +
        "MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) from '@mikro-orm/nestjs', " +
        "or choose store 'memory' / coordination 'memory'.",
    );
  }
  if (options.store === 'mongo' && !mongo) {
    throw new ProjectionsConfigurationError(
      "The 'mongo' store needs a mongoose connection: import MongooseModule.forRoot(url) from " +
        `'@nestjs/mongoose'${options.mongo?.connectionName ? ` with connectionName "${options.mongo.connectionName}"` : ''}.`,
    );
  }
  const em = orm?.em as SqlEntityManager | undefined;
  const schema = { schema: options.postgres?.schema };
  if (em && needsPostgres && (options.postgres?.migrate ?? true)) {
    await migrateProjections(em, schema);
  }
  const { locks, parked, suspensions } = createProcessorStores(coordination, {
    em,
    ...schema,
    clock,
  });
  const states =
    coordination === 'postgres'
      ? new PostgresProjectionStateStore(em!, { ...schema, clock })
      : new InMemoryProjectionStateStore({ clock });
  const coordinated = { locks, parked, suspensions, states };
  switch (options.store) {
    case 'postgres':
      return {
        ...coordinated,
        readModels: new PostgresReadModelStore(em!, schema),
        checkpoints: new PostgresCheckpointStore(em!, { ...schema, clock }),
        unitOfWork: new MikroOrmUnitOfWork(orm!.em as unknown as EntityManager),
      };
    case 'mongo':
      return {
        ...coordinated,
        readModels: new MongoReadModelStore(mongo!, {
          collectionPrefix: options.mongo?.collectionPrefix,
        }),
        checkpoints: new MongoCheckpointStore(mongo!, { clock }),
      };
    case 'memory':
      return {
        ...coordinated,
        readModels: new InMemoryReadModelStore(),
        checkpoints: new InMemoryCheckpointStore({ clock }),
      };
    default:
      throw new ProjectionsConfigurationError(
        `store must be 'postgres', 'mongo' or 'memory', got ${JSON.stringify(options.store)}.`,
      );
  }
}
