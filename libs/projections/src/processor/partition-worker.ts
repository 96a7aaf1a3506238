import { randomUUID } from 'node:crypto';
import { LeasedPartition, type LeasedPartitionHost } from './leased-partition.js';
import { PartitionLease, partitionLeaseResource } from './partition-lease.js';
import type { PartitionState } from './processor-status.js';
import { errorMessage, isProcessorSuspended, type ProcessorRuntime } from './processor-runtime.js';
import { WakeSignal } from './wake-signal.js';

/** What this instance knows of a partition (checkpoint and lag are read from the stores). */
export interface PartitionWorkerState {
  readonly partition: number;
  readonly state: PartitionState;
  readonly leaseHeld: boolean;
  readonly lastError?: string;
}

/**
 * Runs one partition of a processor in this instance: waits in standby for the partition's
 * lease (retrying every `leaseRetryMs`), then processes it ({@link LeasedPartition}) until the
 * lease is lost, the worker stops or the processor is suspended, and releases the lease. While
 * suspended it holds no lease and checks again every `idlePollMs` (at once when interrupted).
 */
export class PartitionWorker implements LeasedPartitionHost {
  state: PartitionState = 'idle';
  lastError?: string;
  readonly wake = new WakeSignal();
  private lease?: PartitionLease;
  private loop?: Promise<void>;
  private busy: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private restart = false;

  constructor(
    private readonly runtime: ProcessorRuntime,
    readonly partition: number,
  ) {}

  /** State as seen by this instance. */
  describe(): PartitionWorkerState {
    return {
      partition: this.partition,
      state: this.state,
      leaseHeld: this.lease?.held ?? false,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Starts the worker loop (no-op when running; starts again after a stop in progress). */
  start(): void {
    this.stopping = false;
    if (this.loop) {
      this.restart = true;
      return;
    }
    this.loop = this.run().finally(() => {
      this.loop = undefined;
      this.state = 'idle';
      if (this.restart) {
        this.restart = false;
        this.start();
      }
    });
  }

  /** Finishes the running batch, releases the lease and resolves once the loop ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.restart = false;
    this.wake.interrupt();
    await this.loop;
  }

  /** Whether `stop()` was called. */
  isStopping(): boolean {
    return this.stopping;
  }

  /** The event store signalled a commit. */
  commit(): void {
    this.wake.commit();
  }

  /** Pause, resume or parked events changed: re-evaluate now. */
  interrupt(): void {
    this.wake.interrupt();
  }

  /** Resolves once no batch is running (used by `pause()`). */
  async whenIdle(): Promise<void> {
    await this.busy;
  }

  /** Runs one batch (or parking) so that {@link whenIdle} waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.busy = work.catch(() => undefined);
    return work;
  }

  private async run(): Promise<void> {
    const { options, dependencies } = this.runtime;
    while (!this.stopping) {
      if (this.runtime.isPaused()) {
        this.state = 'paused';
        await this.wake.sleep(undefined, { untilCommit: false });
        continue;
      }
      if (await this.suspended()) {
        this.state = 'suspended';
        await this.wake.sleep(options.idlePollMs, { untilCommit: false });
        continue;
      }
      this.state = 'standby';
      const lease = await this.tryLease();
      if (!lease) {
        await this.wake.sleep(options.leaseRetryMs, { untilCommit: false });
        continue;
      }
      dependencies.logger.log(`${this.label()}: lease taken by ${dependencies.instanceId}`);
      this.lease = lease;
      try {
        await new LeasedPartition(this.runtime, this, lease).run();
      } catch (error) {
        dependencies.logger.error(`${this.label()}: worker failed: ${errorMessage(error)}`);
      } finally {
        this.lease = undefined;
        await lease.release();
      }
    }
  }

  /** Whether the processor is suspended; `false` (and logged) when that cannot be read. */
  private async suspended(): Promise<boolean> {
    try {
      return await isProcessorSuspended(this.runtime);
    } catch (error) {
      this.runtime.dependencies.logger.warn(
        `${this.label()}: could not read its suspension: ${errorMessage(error)}`,
      );
      return false; // the leased run checks again before each batch, and backs off on failure
    }
  }

  private async tryLease(): Promise<PartitionLease | null> {
    const { processor, options, dependencies } = this.runtime;
    try {
      return await PartitionLease.tryAcquire({
        locks: dependencies.locks,
        resource: partitionLeaseResource(processor.name, this.partition),
        ttlMs: options.leaseTtlMs,
        // Unique per acquisition: a lease is never re-entered, even by a confused instance.
        sessionId: `${dependencies.instanceId}#${randomUUID()}`,
        onLost: (error) => {
          dependencies.logger.warn(`${this.label()}: lease lost: ${errorMessage(error)}`);
          this.wake.interrupt();
        },
      });
    } catch (error) {
      dependencies.logger.warn(`${this.label()}: could not take the lease: ${errorMessage(error)}`);
      return null;
    }
  }

  /** Prefix of log lines. */
  label(): string {
    const { processor, options } = this.runtime;
    return `Processor "${processor.name}" partition ${this.partition}/${options.partitions}`;
  }
}
