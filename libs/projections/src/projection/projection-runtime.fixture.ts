import {
  type AppendResult,
  InMemoryReadModelStore,
  type ReadModelBatchWrite,
  type ReadModelDocument,
  type ReadModelKey,
  runInContext,
  type StoredReadModel,
} from '@cqrs-ddd/core';
import { EngineFixture, FAST_OPTIONS } from '../processor/processor-engine.fixture.js';
import type { ProcessorEngine } from '../processor/processor-engine.js';
import { InMemoryProjectionStateStore } from './in-memory-projection-state.store.js';
import {
  ItemAdded,
  OrderCancelled,
  OrderCreated,
  OrderSummaryProjection,
} from './order-summary.fixture.js';
import { ProjectionBatchExecutor } from './projection-batch.executor.js';
import { ProjectionRuntime } from './projection-runtime.js';
import type { ProjectionRuntimeOptions } from './projection-runtime.options.js';

/** Lets timers and I/O callbacks run, as a real store's round trip does. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An in-memory read-model store whose batch calls take an event-loop turn, like a database
 * round trip: processors then interleave with the test's queries and appends.
 */
export class RoundTripReadModelStore extends InMemoryReadModelStore {
  override async getMany<T extends ReadModelDocument>(
    collection: string,
    keys: readonly ReadModelKey[],
  ): Promise<StoredReadModel<T>[]> {
    await yieldToIo();
    return super.getMany<T>(collection, keys);
  }

  override async writeMany<T extends ReadModelDocument>(
    collection: string,
    writes: readonly ReadModelBatchWrite<T>[],
  ): Promise<number> {
    await yieldToIo();
    return super.writeMany(collection, writes);
  }
}

/** Shared in-memory stores and runtimes ("instances") on them, with fast timings. */
export class RuntimeFixture {
  readonly engines = new EngineFixture();
  readonly stateStore = new InMemoryProjectionStateStore();
  readonly readModels: InMemoryReadModelStore = new RoundTripReadModelStore();
  private readonly runtimes: ProjectionRuntime[] = [];

  get eventStore() {
    return this.engines.eventStore;
  }

  /** A runtime of `projection` on a new engine (another instance) unless one is given. */
  runtime(
    projection: object = new OrderSummaryProjection(),
    options: ProjectionRuntimeOptions = {},
    engine: ProcessorEngine = this.engines.engine(),
  ): ProjectionRuntime {
    const runtime = new ProjectionRuntime(
      projection,
      {
        engine,
        stateStore: this.stateStore,
        readModels: this.readModels,
        eventStore: this.eventStore,
        logger: this.engines.logger,
      },
      { run: FAST_OPTIONS, stateRefreshMs: 20, dropDelayMs: 50, ...options },
    );
    this.runtimes.push(runtime);
    return runtime;
  }

  /** Creates order `streamId` with `items` items (price 5, quantity 2 each), optionally cancelled. */
  appendOrder(
    streamId: string,
    items: number,
    { tenantId = 't1', cancelled = false } = {},
  ): Promise<AppendResult> {
    const metadata = { tenantId };
    const events = [
      { type: OrderCreated.type, version: 1, data: { customerId: `c-${streamId}` }, metadata },
      ...Array.from({ length: items }, () => ({
        type: ItemAdded.type,
        version: 1,
        data: { price: 5, quantity: 2 },
        metadata,
      })),
      ...(cancelled ? [{ type: OrderCancelled.type, version: 1, data: {}, metadata }] : []),
    ];
    return this.eventStore.append(streamId, events);
  }

  /** Appends `items` more items to an existing order. */
  appendItems(streamId: string, items: number, tenantId = 't1'): Promise<AppendResult> {
    const metadata = { tenantId };
    const event = { type: ItemAdded.type, version: 1, data: { price: 5, quantity: 2 }, metadata };
    return this.eventStore.append(
      streamId,
      Array.from({ length: items }, () => event),
    );
  }

  /** The documents of a fresh, single-pass replay of the whole log (tenant `t1`). */
  async freshReplay(): Promise<ReadModelDocument[]> {
    const store = new InMemoryReadModelStore();
    const executor = new ProjectionBatchExecutor(new OrderSummaryProjection(), {
      processorName: 'fresh',
      collection: 'fresh',
      store,
    });
    const events = await this.eventStore.readAll({ limit: 1_000_000 });
    const signal = new AbortController().signal;
    await executor.handleBatch(events, {
      processorName: 'fresh',
      partition: 0,
      partitions: 1,
      signal,
    });
    return (await store.collection('fresh', { tenantId: 't1' }).find()).items;
  }

  /** The documents of `collection` for tenant `t1`. */
  async documents(collection: string): Promise<ReadModelDocument[]> {
    return (await this.readModels.collection(collection, { tenantId: 't1' }).find()).items;
  }

  /** Runs `fn` as a request of tenant `t1`. */
  asTenant<T>(fn: () => T, tenantId = 't1'): T {
    return runInContext({ tenantId }, fn);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.runtimes.map((runtime) => runtime.stop()));
    await this.engines.stopAll();
  }
}
