import {
  type CheckpointStore,
  type Clock,
  InMemoryCheckpointStore,
  InMemoryLockStrategy,
  type LockStrategy,
} from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { PostgresCheckpointStore } from '../postgres/postgres-checkpoint.store.js';
import { PostgresLockStrategy } from '../postgres/postgres-lock.strategy.js';
import { PostgresParkedEventStore } from '../postgres/postgres-parked-event.store.js';
import { PostgresProcessorSuspensionStore } from '../postgres/postgres-processor-suspension.store.js';
import { InMemoryParkedEventStore } from '../processor/in-memory-parked-event.store.js';
import { InMemoryProcessorSuspensionStore } from '../processor/in-memory-processor-suspension.store.js';
import type { ParkedEventStore } from '../processor/parked-event-store.port.js';
import type { ProcessorSuspensionStore } from '../processor/processor-suspension-store.port.js';
import type { ProcessorCoordinationDriver } from './projections-module.options.js';

/** What a `ProcessorEngine` keeps: checkpoints, partition leases, parked events, suspensions. */
export interface ProcessorStores {
  readonly checkpoints: CheckpointStore;
  readonly locks: LockStrategy;
  readonly parked: ParkedEventStore;
  readonly suspensions: ProcessorSuspensionStore;
}

/** Where {@link createProcessorStores} puts them. */
export interface ProcessorStoresSources {
  /** The app's MikroORM EntityManager (`'postgres'` only; tables migrated beforehand). */
  readonly em?: SqlEntityManager;
  /** PostgreSQL schema of the tables. @default the connection's search path */
  readonly schema?: string;
  /** Time of checkpoints, leases and parked events. @default the system clock */
  readonly clock?: Clock;
}

/**
 * The stores of a processor engine on `driver`: PostgreSQL tables shared by every instance of
 * the application (run `migrateProjections` first), or memory (one process). Outbox relays,
 * sagas and other processors outside the projections module build their engine on these.
 * @throws TypeError when `'postgres'` is asked for without an EntityManager
 */
export function createProcessorStores(
  driver: ProcessorCoordinationDriver,
  { em, schema, clock }: ProcessorStoresSources = {},
): ProcessorStores {
  if (driver === 'memory') {
    return {
      checkpoints: new InMemoryCheckpointStore({ clock }),
      locks: new InMemoryLockStrategy({ clock }),
      parked: new InMemoryParkedEventStore(),
      suspensions: new InMemoryProcessorSuspensionStore(),
    };
  }
  if (!em) throw new TypeError("createProcessorStores('postgres') needs an EntityManager");
  return {
    checkpoints: new PostgresCheckpointStore(em, { schema, clock }),
    locks: new PostgresLockStrategy(em, { schema }),
    parked: new PostgresParkedEventStore(em, { schema }),
    suspensions: new PostgresProcessorSuspensionStore(em, { schema }),
  };
}
