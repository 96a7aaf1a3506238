import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CheckpointStore,
  EventStore,
  formatLogPosition,
  isCheckpointConflictError,
  type LogPosition,
  type StoredEvent,
  UnitOfWork,
} from '@cqrs-ddd/core';
import { EventDeserializer } from '@cqrs-ddd/event-store';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ReadModelBatchStore } from '../../read-store/read-model-batch.store.js';
import { ORDER_SUMMARY_COLLECTION, type OrderSummary } from './order-summary.js';
import {
  foldOrderSummaries,
  needsStoredSummary,
  type OrderSummaryEvents,
} from './order-summary.batch.js';
import {
  ORDER_SUMMARY_PROCESSOR_OPTIONS,
  type OrderSummaryProcessorOptions,
} from './order-summary-processor.options.js';
import { ORDER_SUMMARY_EVENT_TYPES } from './order-summary.projection.js';
import { ReadModelProgress } from './read-model-progress.js';

/**
 * Feeds the `OrderSummary` read model from the event log: a checkpointed processor.
 *
 * - Reads `EventStore.readAll` after its checkpoint, which is gap-safe (commit order, never
 *   skipping a slow transaction's events), in batches of Order events.
 * - Writes each document of a batch once: loads the batch's summaries in one read (not those
 *   of orders created in the batch, which the fold rebuilds whole), folds all of a document's
 *   events in memory with the projection's handlers, writes the changed summaries in one
 *   multi-row write, then saves the checkpoint, all in one `UnitOfWork` transaction. Every write is also idempotent by log position, so a batch that is redone
 *   (crash, concurrent instance) changes nothing twice.
 * - Sleeps until `EventStore.subscribe` signals a commit: no busy polling.
 * - Resumes from its checkpoint after a restart. Several instances may run: the checkpoint is
 *   compare-and-swap, and the instance that loses a race reloads it and carries on.
 * - A failing batch is logged and retried with exponential backoff; stopping (application
 *   shutdown) lets the running batch finish.
 */
@Injectable()
export class OrderSummaryProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Checkpoint name of this processor. */
  static readonly NAME = 'order-summary';

  private readonly logger = new Logger(OrderSummaryProcessor.name);
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly batchSize: number;
  private running?: Promise<void>;
  private stopping = false;
  /** Set by a wake-up signal; cleared when a read starts. */
  private signalled = false;
  /** Whether a wake-up signal ends the current sleep (not during a retry backoff). */
  private wakeOnSignal = false;
  private wake: () => void = () => undefined;
  private checkpoint: LogPosition | null = null;
  private checkpointLoaded = false;
  constructor(
    private readonly eventStore: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly store: ReadModelBatchStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly deserializer: EventDeserializer,
    private readonly progress: ReadModelProgress,
    @Inject(ORDER_SUMMARY_PROCESSOR_OPTIONS) private readonly options: OrderSummaryProcessorOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** The last log position applied (`null` before the first event). */
  get position(): LogPosition | null {
    return this.checkpoint;
  }

  /** True between `start()` and the end of `stop()`. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Starts with the application unless `autoStart` is off. */
  onApplicationBootstrap(): void {
    if (this.options.autoStart ?? true) this.start();
  }

  /**
   * Stops on shutdown, finishing the running batch, before MikroORM closes its pool. With the
   * GraphQL API mounted, Apollo has drained the HTTP server by then (in `onModuleDestroy`), so
   * in-flight reads waiting for the read model were still served by a running processor.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts processing in the background (no-op when running). */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.progress.open();
    this.running = this.run();
  }

  /** Stops after the running batch and resolves once stopped; waiting reads answer at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = undefined;
    this.progress.close();
  }

  private async run(): Promise<void> {
    const unsubscribe = this.eventStore.subscribe(() => {
      this.signalled = true;
      if (this.wakeOnSignal) this.wake();
    });
    let failures = 0;
    try {
      while (!this.stopping) {
        try {
          if (failures > 0 || !this.checkpointLoaded) await this.loadCheckpoint();
          const full = await this.processBatch();
          failures = 0;
          if (!full && !this.signalled) await this.sleep();
        } catch (error) {
          if (isCheckpointConflictError(error)) {
            // Another instance applied this range first: take its checkpoint and carry on.
            this.logger.debug(`Checkpoint moved by another instance: ${error.message}`);
            // Its writes are committed: reads waiting on this instance can see them now.
            await this.loadCheckpoint().catch(() => undefined);
            this.progress.advanced();
            continue;
          }
          failures += 1;
          const delay = Math.min(
            (this.options.retryDelayMs ?? 1000) * 2 ** (failures - 1),
            this.options.maxRetryDelayMs ?? 30_000,
          );
          this.logger.error(
            `Batch after ${positionText(this.checkpoint)} failed (attempt ${failures}); retrying in ${delay} ms: ${
              error instanceof Error ? error.message : String(error)
            }`,
            error instanceof Error ? error.stack : undefined,
          );
          await this.sleep(delay);
        }
      }
    } finally {
      unsubscribe();
    }
  }

  private async loadCheckpoint(): Promise<void> {
    const stored = await this.checkpoints.load(OrderSummaryProcessor.NAME);
    this.checkpoint = stored?.position ?? null;
    this.checkpointLoaded = true;
  }

  /** Reads and applies one batch; true when it was full (more may be waiting). */
  private async processBatch(): Promise<boolean> {
    this.signalled = false;
    const batch = await this.eventStore.readAll({
      after: this.checkpoint,
      limit: this.batchSize,
      types: ORDER_SUMMARY_EVENT_TYPES,
    });
    if (batch.length === 0) return false;
    const expected = this.checkpoint;
    const next = batch[batch.length - 1].position;
    const documents = this.byDocument(batch.map((event) => this.deserializer.upcast(event)));
    await this.unitOfWork.run(async () => {
      const missing = documents.filter(needsStoredSummary);
      const stored =
        missing.length === 0
          ? []
          : await this.store.getMany<OrderSummary>(ORDER_SUMMARY_COLLECTION, missing);
      const writes = await foldOrderSummaries(documents, stored);
      await this.store.upsertMany(ORDER_SUMMARY_COLLECTION, writes);
      await this.checkpoints.save(OrderSummaryProcessor.NAME, {
        expected,
        next,
        owner: this.owner,
      });
    });
    this.checkpoint = next;
    this.progress.advanced();
    return batch.length === this.batchSize;
  }

  /**
   * The batch's events grouped per read-model document (tenant and order), in log order within
   * each group, groups sorted by key. Each event only changes its own order's summary, so this
   * order is as good as the log's; and every instance writes documents in the same order, so
   * processors of several instances working on overlapping batches never deadlock.
   */
  private byDocument(batch: readonly StoredEvent[]): OrderSummaryEvents[] {
    const groups = new Map<string, { tenantId: string; id: string; events: StoredEvent[] }>();
    for (const event of batch) {
      const tenantId = tenantOf(event) ?? this.options.defaultTenantId;
      if (tenantId === undefined) {
        throw new Error(
          `Event ${event.eventId} (${event.type}, stream "${event.streamId}") has no tenantId in ` +
            'its metadata; set the processor option defaultTenantId to project such events.',
        );
      }
      const key = JSON.stringify([tenantId, event.streamId]);
      const group = groups.get(key);
      if (group) group.events.push(event);
      else groups.set(key, { tenantId, id: event.streamId, events: [event] });
    }
    return [...groups.keys()].sort().map((key) => groups.get(key)!);
  }

  /**
   * Without `backoffMs`: until a wake-up signal (or stop). With it: for that long (or until
   * stop), ignoring signals, so a failing batch is not retried on every commit.
   */
  private sleep(backoffMs?: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = backoffMs === undefined ? undefined : setTimeout(() => this.wake(), backoffMs);
      this.wakeOnSignal = backoffMs === undefined;
      this.wake = () => {
        clearTimeout(timer);
        this.wakeOnSignal = false;
        this.wake = () => undefined;
        resolve();
      };
    });
  }
}

function tenantOf(event: StoredEvent): string | undefined {
  const tenantId = event.metadata.tenantId;
  return typeof tenantId === 'string' && tenantId.length > 0 ? tenantId : undefined;
}

function positionText(position: LogPosition | null): string {
  return position ? formatLogPosition(position) : 'the log start';
}
