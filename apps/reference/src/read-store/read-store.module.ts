import {
  CheckpointStore,
  Clock,
  InMemoryCheckpointStore,
  InMemoryReadModelStore,
  ReadModelStore,
} from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { PortReadModelBatchStore } from './memory/port-read-model-batch.store.js';
import { PostgresCheckpointStore } from './postgres/postgres-checkpoint.store.js';
import { PostgresReadModelStore } from './postgres/postgres-read-model.store.js';
import { migrateReadStore, type ReadStoreSchemaOptions } from './postgres/read-store-schema.js';
import { ReadModelBatchStore } from './read-model-batch.store.js';

/**
 * Where read models and processor checkpoints live: `'postgres'` (tables next to the event
 * store, created at start-up; survives restarts, shared by every instance) or `'memory'`
 * (this process only: the read model is rebuilt from the log at every start, and its
 * checkpoint lives and dies with it, as a durable checkpoint over a volatile store would skip
 * events after a restart).
 */
export type ReadStoreDriver = 'postgres' | 'memory';

/** Options of {@link ReadStoreModule.forRoot}. */
export interface ReadStoreModuleOptions extends ReadStoreSchemaOptions {
  /** Storage of read models and checkpoints. */
  readonly driver: ReadStoreDriver;
}

/**
 * Provides `ReadModelStore`, its batch access `ReadModelBatchStore` and `CheckpointStore`
 * app-wide (global). The `'postgres'` driver
 * needs the app's `MikroOrmModule` and core's `Clock` (from `CqrsDddModule`). Interim: the
 * projections library will provide these stores (and MongoDB) with its own module.
 */
@Module({})
export class ReadStoreModule {
  /** Registers the stores of `options.driver`. */
  static forRoot(options: ReadStoreModuleOptions): DynamicModule {
    return {
      module: ReadStoreModule,
      global: true,
      providers: options.driver === 'memory' ? memoryProviders() : postgresProviders(options),
      exports: [ReadModelStore, ReadModelBatchStore, CheckpointStore],
    };
  }
}

function memoryProviders(): Provider[] {
  return [
    { provide: ReadModelStore, useFactory: () => new InMemoryReadModelStore() },
    {
      provide: ReadModelBatchStore,
      inject: [ReadModelStore],
      useFactory: (store: ReadModelStore) => new PortReadModelBatchStore(store),
    },
    {
      provide: CheckpointStore,
      inject: [Clock],
      useFactory: (clock: Clock) => new InMemoryCheckpointStore({ clock }),
    },
  ];
}

const MIGRATED_ENTITY_MANAGER = Symbol('reference:READ_STORE_ENTITY_MANAGER');

function postgresProviders(options: ReadStoreSchemaOptions): Provider[] {
  return [
    {
      // The tables exist before either store is handed out.
      provide: MIGRATED_ENTITY_MANAGER,
      inject: [MikroORM],
      useFactory: async (orm: MikroORM) => {
        const em = orm.em as SqlEntityManager;
        await migrateReadStore(em, options);
        return em;
      },
    },
    {
      provide: ReadModelStore,
      inject: [MIGRATED_ENTITY_MANAGER],
      useFactory: (em: SqlEntityManager) => new PostgresReadModelStore(em, options),
    },
    // The same instance: one SELECT and one multi-row INSERT per batch.
    { provide: ReadModelBatchStore, useExisting: ReadModelStore },
    {
      provide: CheckpointStore,
      inject: [MIGRATED_ENTITY_MANAGER, Clock],
      useFactory: (em: SqlEntityManager, clock: Clock) =>
        new PostgresCheckpointStore(em, { ...options, clock }),
    },
  ];
}
