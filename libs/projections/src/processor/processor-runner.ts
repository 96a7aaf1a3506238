import {
  compareLogPositions,
  isLogPosition,
  type LogPosition,
  ValidationError,
  type ValidationIssue,
} from '@cqrs-ddd/core';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import type { EventProcessor } from './event-processor.js';
import { resetCheckpointsUnderLeases } from './leased-checkpoint-reset.js';
import { retryParkedEvent, skipParkedEvent } from './parked-event-operations.js';
import type { ParkedEvent } from './parked-event-store.port.js';
import { PartitionWorker } from './partition-worker.js';
import type { ResolvedProcessorEngineDependencies } from './processor-engine.dependencies.js';
import type {
  ListParkedOptions,
  ProcessorHandle,
  ProcessorProgressListener,
  WaitUntilProcessedOptions,
} from './processor-handle.js';
import { measureProcessorLag } from './processor-lag.js';
import { isProcessorSuspended, type ProcessorRuntime } from './processor-runtime.js';
import type { PartitionStatus, ProcessorStatus } from './processor-status.js';
import { ProgressNotifier } from './progress-notifier.js';
import type { ResolvedProcessorRunOptions } from './resolve-processor-options.js';
import { partitionOfStream } from './stream-partition.js';

/** How often `waitUntilProcessed` re-reads checkpoints saved by other instances, in ms. */
const WAIT_POLL_MS = 100;

/** The {@link ProcessorHandle} of one registered processor: its partition workers in this instance. */
export class ProcessorRunner implements ProcessorHandle {
  readonly name: string;
  private readonly runtime: ProcessorRuntime;
  private readonly workers: PartitionWorker[];
  private readonly progress: ProgressNotifier;
  private running = false;
  private paused = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly processor: EventProcessor,
    readonly options: ResolvedProcessorRunOptions,
    private readonly dependencies: ResolvedProcessorEngineDependencies,
  ) {
    this.name = processor.name;
    this.progress = new ProgressNotifier(dependencies.logger);
    this.runtime = {
      processor,
      options,
      dependencies,
      progress: this.progress,
      isPaused: () => this.paused,
    };
    this.workers = Array.from(
      { length: options.partitions },
      (_, partition) => new PartitionWorker(this.runtime, partition),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.dependencies.eventStore.subscribe(() => {
      for (const worker of this.workers) worker.commit();
    });
    for (const worker of this.workers) worker.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }

  async pause(): Promise<void> {
    this.paused = true;
    this.interruptWorkers();
    await Promise.all(this.workers.map((worker) => worker.whenIdle()));
  }

  resume(): void {
    this.paused = false;
    this.interruptWorkers();
  }

  async suspend(): Promise<void> {
    await this.dependencies.suspensions.suspend(this.name);
    this.interruptWorkers();
    await Promise.all(this.workers.map((worker) => worker.whenIdle()));
  }

  async unsuspend(): Promise<void> {
    await this.dependencies.suspensions.unsuspend(this.name);
    this.interruptWorkers();
  }

  async reset(to: LogPosition | null = null): Promise<void> {
    if (to !== null && !isLogPosition(to)) {
      throw ValidationError.of('to', 'must be a LogPosition of decimal strings, or null');
    }
    const partitions = this.workers.map((worker) => worker.partition);
    if (this.running && this.paused) {
      // This instance's paused workers hold their leases: no batch runs anywhere meanwhile.
      await Promise.all(
        partitions.map((partition) =>
          this.dependencies.checkpoints.reset(this.name, partition, to),
        ),
      );
      return;
    }
    const suspended = await isProcessorSuspended(this.runtime);
    if (this.running && !suspended) {
      throw new ProcessorStateError(
        this.name,
        `Processor "${this.name}" is running: suspend(), pause() or stop() it before reset().`,
      );
    }
    await resetCheckpointsUnderLeases(this.runtime, partitions, to, { wait: suspended });
  }

  async status(): Promise<ProcessorStatus> {
    const { eventStore, checkpoints, parked, clock } = this.dependencies;
    const head = await eventStore.headPosition();
    const now = clock.now();
    const partitions = await Promise.all(
      this.workers.map(async (worker): Promise<PartitionStatus> => {
        const checkpoint = (await checkpoints.load(this.name, worker.partition))?.position ?? null;
        const lag = await measureProcessorLag(
          eventStore,
          this.processor.filter,
          checkpoint,
          head,
          now,
        );
        return { ...worker.describe(), checkpoint, ...lag };
      }),
    );
    const [parkedCount, suspended] = await Promise.all([
      parked.count(this.name),
      isProcessorSuspended(this.runtime),
    ]);
    return { name: this.name, partitions, parked: parkedCount, suspended };
  }

  async waitUntilProcessed(
    position: LogPosition,
    options: WaitUntilProcessedOptions,
  ): Promise<boolean> {
    const { timeoutMs, streamId } = assertValidWait(position, options);
    const partitions =
      streamId === undefined
        ? this.workers.map((worker) => worker.partition)
        : [partitionOfStream(streamId, this.options.partitions)];
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = this.progress.current;
      if (await this.reached(position, partitions)) return true;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      await this.progress.waitForProgress(seen, Math.min(remaining, WAIT_POLL_MS));
    }
  }

  onProgress(listener: ProcessorProgressListener): () => void {
    return this.progress.subscribe(listener);
  }

  listParked(options: ListParkedOptions = {}): Promise<ParkedEvent[]> {
    return this.dependencies.parked.list({ ...options, processorName: this.name });
  }

  async retryParked(eventId: string): Promise<void> {
    await retryParkedEvent(this.runtime, eventId);
    this.interruptWorkers(); // a partition stopped by park-and-stop may go on
  }

  async skipParked(eventId: string): Promise<void> {
    await skipParkedEvent(this.runtime, eventId);
    this.interruptWorkers();
  }

  private async reached(position: LogPosition, partitions: readonly number[]): Promise<boolean> {
    const stored = await Promise.all(
      partitions.map((partition) => this.dependencies.checkpoints.load(this.name, partition)),
    );
    return stored.every((checkpoint) => compareLogPositions(checkpoint?.position, position) >= 0);
  }

  private interruptWorkers(): void {
    for (const worker of this.workers) worker.interrupt();
  }
}

function assertValidWait(
  position: LogPosition,
  options: WaitUntilProcessedOptions,
): WaitUntilProcessedOptions {
  const issues: ValidationIssue[] = [];
  if (!isLogPosition(position)) {
    issues.push({ path: 'position', message: 'must be a LogPosition of decimal strings' });
  }
  const { timeoutMs, streamId } = options ?? {};
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    issues.push({ path: 'timeoutMs', message: 'must be a finite number >= 0' });
  }
  if (streamId !== undefined && (typeof streamId !== 'string' || streamId.length === 0)) {
    issues.push({ path: 'streamId', message: 'must be a non-empty string when given' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return options;
}
