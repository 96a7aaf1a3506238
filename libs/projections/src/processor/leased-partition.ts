import {
  formatLogPosition,
  isCheckpointConflictError,
  type LogPosition,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { ProcessorBatchContext } from './event-processor.js';
import { HandlerFailure, type PartitionBatch, readPartitionBatch } from './partition-batch.js';
import type { PartitionLease } from './partition-lease.js';
import { HELD_BEHIND_PARKED_EVENT, parkedEventEntry } from './parked-event-entry.js';
import type { PartitionState } from './processor-status.js';
import {
  errorMessage,
  isProcessorSuspended,
  type ProcessorRuntime,
  runInProcessorUnit,
} from './processor-runtime.js';
import { instrumentProcessorBatch } from './processor-telemetry.js';
import { RetryBackoff } from './retry-backoff.js';
import type { WakeSignal } from './wake-signal.js';

/** The partition worker, as its leased run sees it. */
export interface LeasedPartitionHost {
  readonly partition: number;
  readonly wake: WakeSignal;
  state: PartitionState;
  lastError?: string;
  isStopping(): boolean;
  track<T>(work: Promise<T>): Promise<T>;
  label(): string;
}

/** An event that failed `maxAttempts` times, waiting to be parked. */
interface PoisonedEvent {
  readonly failure: HandlerFailure;
  readonly attempts: number;
}

const ON_INTERRUPT = { untilCommit: false } as const;

/**
 * One tenure of a partition's lease: reads batches after the stored checkpoint, hands the
 * partition's events to the processor and moves the checkpoint by compare-and-swap (in the
 * processor's unit of work), sleeping until the event store signals a commit (or `idlePollMs`)
 * once caught up. Failures back off and narrow to one event; poison events are parked (see
 * {@link RetryBackoff}), and later events of a stream with parked events are parked behind them
 * unhandled, so that a retry applies the stream's events in order. Ends when the lease is lost,
 * the worker stops or the processor is suspended (checked before every batch).
 */
export class LeasedPartition {
  private checkpoint: LogPosition | null = null;
  private readonly backoff: RetryBackoff;
  private poisoned?: PoisonedEvent;
  private stoppedByPoison: boolean;

  constructor(
    private readonly runtime: ProcessorRuntime,
    private readonly host: LeasedPartitionHost,
    private readonly lease: PartitionLease,
  ) {
    this.backoff = new RetryBackoff(runtime.options.retry);
    // Parked events left by a previous owner keep a park-and-stop partition stopped.
    this.stoppedByPoison = runtime.options.onPoison === 'park-and-stop';
  }

  /** Processes until the lease is lost or the worker stops. */
  async run(): Promise<void> {
    const { host, lease } = this;
    const { idlePollMs } = this.runtime.options;
    let reload = true;
    while (!host.isStopping() && lease.held) {
      if (this.runtime.isPaused()) {
        host.state = 'paused';
        reload = true; // the checkpoint may be reset meanwhile
        await host.wake.sleep(undefined, ON_INTERRUPT);
        continue;
      }
      let delayMs: number | undefined;
      try {
        // Suspended on any instance: give the lease up (see PartitionWorker) before a new batch.
        if (await isProcessorSuspended(this.runtime)) return;
        if (reload) await this.loadCheckpoint();
        reload = false;
        if (this.stoppedByPoison) this.stoppedByPoison = await this.hasParkedEvents();
        if (this.stoppedByPoison) {
          host.state = 'stopped';
          await host.wake.sleep(idlePollMs, ON_INTERRUPT);
          continue;
        }
        host.state = this.backoff.failing ? 'retrying' : 'running';
        const poisoned = this.poisoned;
        const more = await host.track(poisoned ? this.park(poisoned) : this.step());
        if (!more) await host.wake.sleep(idlePollMs, { untilCommit: true });
        continue;
      } catch (error) {
        if (!lease.held) break; // another instance may own the partition now: standby
        delayMs = this.onFailure(error);
        reload = true;
      }
      if (delayMs !== undefined) {
        host.state = 'retrying';
        await host.wake.sleep(delayMs, ON_INTERRUPT);
      }
    }
  }

  /** Reads and handles one batch; `true` when more may be readable at once. */
  private async step(): Promise<boolean> {
    const { processor, options, dependencies } = this.runtime;
    this.host.wake.clearCommits(); // the read below sees every commit signalled so far
    const batch = await readPartitionBatch(dependencies.eventStore, this.checkpoint, {
      filter: processor.filter,
      batchSize: options.batchSize,
      partition: this.host.partition,
      partitions: options.partitions,
      select: (events) => this.backoff.select(events, this.checkpoint),
    });
    if (!batch) return false;
    if (batch.events.length === 0) {
      await this.saveCheckpoint(batch);
    } else {
      const held = await this.heldStreams();
      const events = batch.events.filter((event) => !held.has(event.streamId));
      const scope = {
        processorName: processor.name,
        target: dependencies.target,
        eventCount: events.length,
      };
      await instrumentProcessorBatch(scope, () =>
        runInProcessorUnit(options, async () => {
          try {
            if (events.length > 0) await processor.handleBatch(events, this.batchContext());
          } catch (error) {
            throw processor.isTransientFailure?.(error) ? error : new HandlerFailure(batch, error);
          }
          for (const event of batch.events) if (held.has(event.streamId)) await this.hold(event);
          await this.saveCheckpoint(batch);
        }),
      );
    }
    this.advanced(batch);
    return batch.more;
  }

  /** Streams of this partition with parked events: their later events are held behind them. */
  private async heldStreams(): Promise<Set<string>> {
    const { processor, dependencies } = this.runtime;
    return new Set(await dependencies.parked.parkedStreams(processor.name, this.host.partition));
  }

  /** Parks `event` behind its stream's parked events, unhandled (kept for the retry, in order). */
  private async hold(event: StoredEvent): Promise<void> {
    const { processor, dependencies } = this.runtime;
    await dependencies.parked.park({
      ...parkedEventEntry(event, {
        processorName: processor.name,
        partition: this.host.partition,
        attempts: 0,
        error: undefined,
        parkedAt: dependencies.clock.now(),
      }),
      error: {
        message:
          `Held: an earlier event of stream "${event.streamId}" is parked, and a stream's ` +
          'events are handled in order. Retrying the parked event handles this one after it.',
        code: HELD_BEHIND_PARKED_EVENT,
      },
    });
  }

  /** Parks the poison event and moves the checkpoint past it, in one unit of work. */
  private async park({ failure, attempts }: PoisonedEvent): Promise<true> {
    const { processor, options, dependencies } = this.runtime;
    const { batch } = failure;
    const [event] = batch.events;
    await runInProcessorUnit(options, async () => {
      await dependencies.parked.park(
        parkedEventEntry(event, {
          processorName: processor.name,
          partition: this.host.partition,
          attempts,
          error: failure.cause,
          parkedAt: dependencies.clock.now(),
        }),
      );
      await this.saveCheckpoint(batch);
    });
    this.poisoned = undefined;
    this.advanced(batch);
    this.stoppedByPoison = options.onPoison === 'park-and-stop';
    dependencies.logger.error(
      `${this.host.label()}: parked event ${event.eventId} (${event.type}, stream ` +
        `"${event.streamId}" v${event.streamVersion}) after ${attempts} failed attempts: ` +
        failure.message +
        (this.stoppedByPoison ? '. Stopped until its parked events are retried or skipped.' : ''),
    );
    return true;
  }

  /** Failure bookkeeping; returns how long to back off (`undefined`: go on at once). */
  private onFailure(error: unknown): number | undefined {
    const { logger } = this.runtime.dependencies;
    if (isCheckpointConflictError(error)) {
      // Another owner (or a reset) moved the checkpoint: reload it and carry on from there.
      logger.debug?.(`${this.host.label()}: ${error.message}`);
      this.poisoned = undefined;
      this.backoff.onProgress();
      return undefined;
    }
    this.host.lastError = errorMessage(error);
    if (error instanceof HandlerFailure) {
      const decision = this.backoff.onHandlerFailure(error.batch.events);
      if (decision.kind === 'park') {
        this.poisoned = { failure: error, attempts: decision.attempts };
        return undefined;
      }
      logger.warn(
        `${this.host.label()}: ${error.batch.events.length} event(s) after ` +
          `${positionText(error.batch.expected)} failed: ${error.message}; ` +
          `retrying in ${decision.delayMs} ms`,
      );
      return decision.delayMs;
    }
    const delayMs = this.backoff.onOtherFailure();
    logger.warn(`${this.host.label()}: ${this.host.lastError}; retrying in ${delayMs} ms`);
    return delayMs;
  }

  private async saveCheckpoint(batch: PartitionBatch): Promise<void> {
    const { processor, dependencies } = this.runtime;
    this.lease.assertHeld(); // a lost lease rolls the batch back instead of committing it
    await dependencies.checkpoints.save(processor.name, {
      partition: this.host.partition,
      expected: batch.expected,
      next: batch.next,
      owner: dependencies.instanceId,
    });
  }

  private advanced(batch: PartitionBatch): void {
    this.checkpoint = batch.next;
    this.backoff.onProgress();
    this.host.lastError = undefined;
    this.runtime.progress.publish({
      processorName: this.runtime.processor.name,
      partition: this.host.partition,
      position: batch.next,
      handled: batch.events.length,
    });
  }

  private async loadCheckpoint(): Promise<void> {
    const { processor, dependencies } = this.runtime;
    const stored = await dependencies.checkpoints.load(processor.name, this.host.partition);
    this.checkpoint = stored?.position ?? null;
  }

  private async hasParkedEvents(): Promise<boolean> {
    const { processor, dependencies } = this.runtime;
    const count = await dependencies.parked.count(processor.name);
    if (count === 0) return false;
    const parked = await dependencies.parked.list({ processorName: processor.name, limit: count });
    return parked.some((entry) => entry.partition === this.host.partition);
  }

  private batchContext(): ProcessorBatchContext {
    return {
      processorName: this.runtime.processor.name,
      partition: this.host.partition,
      partitions: this.runtime.options.partitions,
      signal: this.lease.signal,
    };
  }
}

function positionText(position: LogPosition | null): string {
  return position ? formatLogPosition(position) : 'the log start';
}
