/**
 * The projection as the library runs it, on the benchmark database: the PostgreSQL stores
 * (read models, checkpoints, leases, parked events, generations, unit of work), a
 * `ProcessorEngine`, and a timed catch-up of {@link OrderSummaryProjection} from the log start
 * to a given head.
 */
import {
  type CheckpointStore,
  compareLogPositions,
  type EventStore,
  type LockStrategy,
  type LogPosition,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { MikroOrmUnitOfWork } from '@cqrs-ddd/event-store';
import {
  type BatchableReadModelStore,
  type EventProcessor,
  type ParkedEventStore,
  PostgresCheckpointStore,
  PostgresLockStrategy,
  PostgresParkedEventStore,
  PostgresProjectionStateStore,
  PostgresReadModelStore,
  ProcessorEngine,
  type ProcessorHandle,
  ProjectionBatchExecutor,
  type ProjectionStateStore,
} from '@cqrs-ddd/projections';
import type { LoggerService } from '@nestjs/common';
import type { EntityManager, MikroORM, SqlEntityManager } from '@mikro-orm/postgresql';
import { DirectFoldProcessor } from './direct-fold.processor.js';
import { OrderSummaryProjection } from './order-summary.projection.js';

/** Where a projection writes: its read models, checkpoints and (PostgreSQL) unit of work. */
export interface ProjectionTarget {
  readonly readModels: BatchableReadModelStore;
  readonly checkpoints: CheckpointStore;
  readonly unitOfWork?: UnitOfWork;
}

/** Every PostgreSQL store of the projections library on one MikroORM. */
export interface PostgresProjectionStores extends ProjectionTarget {
  readonly locks: LockStrategy;
  readonly parked: ParkedEventStore;
  readonly states: ProjectionStateStore;
}

/** The library's PostgreSQL stores on `orm` (tables in `public`, migrated by the caller). */
export function postgresProjectionStores(orm: MikroORM): PostgresProjectionStores {
  const em = orm.em as SqlEntityManager;
  return {
    readModels: new PostgresReadModelStore(em),
    checkpoints: new PostgresCheckpointStore(em),
    unitOfWork: new MikroOrmUnitOfWork(orm.em as unknown as EntityManager),
    locks: new PostgresLockStrategy(em),
    parked: new PostgresParkedEventStore(em),
    states: new PostgresProjectionStateStore(em),
  };
}

/** Drops the engine's lease chatter; warnings and errors go to stderr. */
export const quietLogger: LoggerService = {
  log: () => undefined,
  warn: (message: unknown) => console.error(`[warn] ${String(message)}`),
  error: (message: unknown) => console.error(`[error] ${String(message)}`),
};

/** A processor engine over `eventStore` with `target`'s checkpoints and PostgreSQL coordination. */
export function projectionEngine(
  eventStore: EventStore,
  target: ProjectionTarget,
  coordination: Pick<PostgresProjectionStores, 'locks' | 'parked'>,
): ProcessorEngine {
  return new ProcessorEngine({
    eventStore,
    checkpoints: target.checkpoints,
    locks: coordination.locks,
    parked: coordination.parked,
    logger: quietLogger,
  });
}

/**
 * Resolves once the checkpoints of all of `handle`'s partitions reach `head`; rejects after
 * `timeoutMs`.
 */
export function reached(
  handle: ProcessorHandle,
  head: LogPosition,
  timeoutMs = 600_000,
): Promise<void> {
  const pending = new Set(Array.from({ length: handle.options.partitions }, (_, i) => i));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`${handle.name} did not reach the head in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const unsubscribe = handle.onProgress(({ partition, position }) => {
      if (compareLogPositions(position, head) >= 0) pending.delete(partition);
      if (pending.size === 0) finish();
    });
    function finish(error?: Error): void {
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve();
    }
  });
}

/** Options of {@link timeCatchUp}. */
export interface CatchUpOptions {
  /** Processor and collection name (fresh: the processor starts at the log start). */
  readonly name: string;
  readonly batchSize: number;
  /** Partitions of the processor (each reads the whole log, handles its streams). @default 1 */
  readonly partitions?: number;
  /** Where the catch-up ends: the log head after the appends. */
  readonly head: LogPosition;
  /**
   * What runs: `projection` ({@link OrderSummaryProjection} through `ProjectionBatchExecutor`)
   * or `direct` (the same fold as a hand-written processor, {@link DirectFoldProcessor}).
   * @default 'projection'
   */
  readonly processor?: 'projection' | 'direct';
}

/** The processor of `kind` writing collection `name` of `readModels`. */
function catchUpProcessor(
  kind: 'projection' | 'direct',
  name: string,
  readModels: BatchableReadModelStore,
): EventProcessor {
  if (kind === 'direct') return new DirectFoldProcessor(name, readModels);
  return new ProjectionBatchExecutor(new OrderSummaryProjection(), {
    processorName: name,
    collection: name,
    store: readModels,
  });
}

/**
 * Runs the order summary on the engine from the log start until its checkpoints reach `head`;
 * resolves to the seconds it took (from the start, lease included).
 * @throws when an event was parked (a handler failed)
 */
export async function timeCatchUp(
  engine: ProcessorEngine,
  target: ProjectionTarget,
  { name, batchSize, partitions = 1, head, processor = 'projection' }: CatchUpOptions,
): Promise<number> {
  const handle = engine.register(catchUpProcessor(processor, name, target.readModels), {
    batchSize,
    partitions,
    autoStart: false,
    ...(target.unitOfWork ? { unitOfWork: target.unitOfWork } : {}),
  });
  const done = reached(handle, head);
  const started = performance.now();
  handle.start();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const { parked } = await handle.status();
  await engine.unregister(name);
  if (parked > 0) throw new Error(`${name}: ${parked} event(s) parked, see the log above`);
  return seconds;
}
