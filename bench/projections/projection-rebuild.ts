/**
 * A timed zero-downtime rebuild through `ProjectionRuntime.rebuild()` on the PostgreSQL stores:
 * generation 1 is active and up to date (its checkpoint is put at the head first, so the
 * runtime's start costs nothing), then generation 2 is built from the log start by the same
 * runtime — checkpointed batches, build checks after each batch — until the runtime switches to
 * it. Used for the 100,000-event rebuild and, in a child process, the million-event one.
 */
import type { EventStore, LogPosition } from '@cqrs-ddd/core';
import {
  generationCollectionName,
  generationProcessorName,
  type ProcessorHandle,
  ProcessorEngine,
  type ProcessorProgressListener,
  ProjectionRuntime,
} from '@cqrs-ddd/projections';
import type { MikroORM } from '@mikro-orm/postgresql';
import { TENANT_ID } from './bench-orders.js';
import { OrderSummaryProjection } from './order-summary.projection.js';
import { postgresProjectionStores, quietLogger } from './projection-engine.js';

/** Options of {@link timeRebuild}. */
export interface RebuildOptions {
  readonly batchSize: number;
  /** The log head (no appends run meanwhile). */
  readonly head: LogPosition;
  /** Called after each batch of the build with the events it handled so far. */
  readonly onProgress?: (events: number) => void;
}

/** What {@link timeRebuild} measured. */
export interface RebuildResult {
  /** From `rebuild()` called to the switch to the new generation. */
  readonly seconds: number;
  /** Events the build handled. */
  readonly events: number;
  /** Documents of the new generation (for the caller's check). */
  readonly documents: number;
}

/** An engine that subscribes `listener` to every processor as it registers (before it starts). */
class ObservedEngine extends ProcessorEngine {
  listener?: ProcessorProgressListener;

  override register(...args: Parameters<ProcessorEngine['register']>): ProcessorHandle {
    const handle = super.register(...args);
    if (this.listener) handle.onProgress(this.listener);
    return handle;
  }
}

/**
 * Resolves once `runtime` serves `collection` (polled every millisecond: a local read); rejects
 * after `timeoutMs`.
 */
function switchedTo(
  runtime: ProjectionRuntime,
  collection: string,
  timeoutMs = 1_800_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const timedOut = performance.now() > deadline;
      if (runtime.activeCollection() !== collection && !timedOut) return;
      clearInterval(timer);
      if (timedOut) reject(new Error(`the rebuild did not switch to ${collection} in time`));
      else resolve();
    }, 1);
  });
}

/** Rebuilds {@link OrderSummaryProjection} on `orm`'s database, timed. */
export async function timeRebuild(
  orm: MikroORM,
  eventStore: EventStore,
  { batchSize, head, onProgress }: RebuildOptions,
): Promise<RebuildResult> {
  const stores = postgresProjectionStores(orm);
  const engine = new ObservedEngine({ eventStore, ...stores, logger: quietLogger });
  const runtime = new ProjectionRuntime(
    new OrderSummaryProjection(),
    { engine, stateStore: stores.states, readModels: stores.readModels, eventStore },
    { run: { batchSize, unitOfWork: stores.unitOfWork } },
  );
  const { name, collection } = runtime.metadata;
  await stores.checkpoints.reset(generationProcessorName(name, 1), 0, head);
  await runtime.start();
  const target = generationCollectionName(collection, 2);
  let events = 0;
  engine.listener = ({ processorName, handled }) => {
    if (processorName !== generationProcessorName(name, 2)) return;
    events += handled;
    onProgress?.(events);
  };
  try {
    const started = performance.now();
    const switched = switchedTo(runtime, target);
    await runtime.rebuild();
    await switched;
    const seconds = (performance.now() - started) / 1000;
    const documents = await stores.readModels.collection(target, { tenantId: TENANT_ID }).count();
    return { seconds, events, documents };
  } finally {
    await runtime.stop();
    await engine.stopAll();
  }
}
