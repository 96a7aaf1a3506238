import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Clock, retryDelay, runInContext, SystemClock } from '@cqrs-ddd/core';
import { Logger, type LoggerService } from '@nestjs/common';
import { restoredContext } from '../scheduling/captured-context.js';
import { errorText } from '../scheduling/error-text.js';
import { PollingLoop } from '../scheduling/polling-loop.js';
import { JobTimeoutError } from './job-timeout.error.js';
import type { JobStore } from './job.store.js';
import type { ClaimedJob, JobHandlerInstance } from './job.types.js';

/** Options of {@link JobWorker}. */
export interface JobWorkerOptions {
  /** Jobs run at once by this worker. @default 4 */
  readonly concurrency?: number;
  /** Lease of a claimed job, renewed every third of it while the handler runs. @default 30000 */
  readonly leaseMs?: number;
  /** Pause between polls when nothing was due or every slot is busy. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Pause between sweeps of expired leases. @default leaseMs */
  readonly sweepIntervalMs?: number;
  /** Identity of this worker in `locked_by`. @default `<hostname>:<pid>:<random>` */
  readonly workerId?: string;
  /** Time source. @default new SystemClock() */
  readonly clock?: Clock;
  /** Where failures are logged. @default new Logger('JobWorker') */
  readonly logger?: LoggerService;
}

/**
 * Runs background jobs: claims due jobs up to `concurrency`, runs each job's handler in the
 * request context it was enqueued in with an `AbortSignal`, renews the job's lease while it
 * runs, and records the outcome — succeeded, or a failed attempt retried with exponential
 * backoff and full jitter until `maxAttempts`, then failed. A timeout aborts the attempt and
 * counts as a failure. A sweeper returns jobs whose lease expired (their worker died) to the
 * queue. `stop()` stops claiming and waits for the jobs in flight.
 */
export class JobWorker {
  /** Identity of this worker in `locked_by`. */
  readonly workerId: string;
  private readonly loop: PollingLoop;
  private readonly sweeper: PollingLoop;
  private readonly active = new Map<string, Promise<void>>();
  private readonly clock: Clock;
  private readonly logger: LoggerService;
  private readonly concurrency: number;
  private readonly leaseMs: number;

  constructor(
    private readonly store: JobStore,
    private readonly handlers: ReadonlyMap<string, JobHandlerInstance>,
    options: JobWorkerOptions = {},
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? new Logger('JobWorker');
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.workerId =
      options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const idleMs = options.pollIntervalMs ?? 1_000;
    const failureDelay = (failures: number) =>
      retryDelay(failures, { baseDelayMs: idleMs, maxDelayMs: 30_000, jitter: 'equal' });
    this.loop = new PollingLoop(
      async () => (await this.claimAndStart()) > 0 && this.active.size < this.concurrency,
      idleMs,
      failureDelay,
      (error) => this.logger.error(`Claiming jobs failed: ${errorText(error)}`),
    );
    this.sweeper = new PollingLoop(
      async () => {
        await this.sweep();
        return false;
      },
      options.sweepIntervalMs ?? this.leaseMs,
      failureDelay,
      (error) => this.logger.error(`Sweeping expired job leases failed: ${errorText(error)}`),
    );
  }

  /** Whether the worker polls. */
  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  /** Jobs running now. */
  get inFlight(): number {
    return this.active.size;
  }

  /** Starts claiming and sweeping (no-op when started). */
  start(): void {
    this.loop.start();
    this.sweeper.start();
  }

  /** Stops claiming and sweeping; resolves once the jobs in flight have finished. */
  async stop(): Promise<void> {
    await Promise.all([this.loop.stop(), this.sweeper.stop()]);
    await Promise.all(this.active.values());
  }

  /**
   * Claims due jobs for the free slots and starts them; resolves how many were started. Their
   * completion is awaited by {@link drain} or {@link stop}.
   */
  async claimAndStart(): Promise<number> {
    const free = this.concurrency - this.active.size;
    if (free <= 0) return 0;
    const jobs = await this.store.claim(this.workerId, free, this.leaseMs, this.clock.now());
    for (const job of jobs) {
      const run = this.run(job).finally(() => this.active.delete(job.id));
      this.active.set(job.id, run);
    }
    return jobs.length;
  }

  /** Resolves once the jobs running now have finished. */
  async drain(): Promise<void> {
    await Promise.all(this.active.values());
  }

  /** Returns jobs whose lease expired to the queue; resolves how many. */
  async sweep(): Promise<number> {
    const swept = await this.store.sweep(this.clock.now());
    if (swept > 0) this.logger.warn(`Returned ${swept} job(s) whose worker was lost to the queue`);
    return swept;
  }

  private async run(job: ClaimedJob): Promise<void> {
    const controller = new AbortController();
    const timers: NodeJS.Timeout[] = [];
    let lost = false;
    const heartbeat = setInterval(
      () => {
        this.store.heartbeat(job.id, this.workerId, this.leaseMs, this.clock.now()).then(
          (held) => {
            if (held || lost) return;
            lost = true;
            controller.abort(new Error(`job ${job.id} was taken from worker ${this.workerId}`));
          },
          (error: unknown) =>
            this.logger.warn(`Renewing the lease of job ${job.id} failed: ${errorText(error)}`),
        );
      },
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    timers.push(heartbeat);
    if (job.timeoutMs !== undefined) {
      const timeoutMs = job.timeoutMs;
      timers.push(
        setTimeout(() => controller.abort(new JobTimeoutError(job.id, timeoutMs)), timeoutMs),
      );
    }
    let failure: { readonly error: unknown } | undefined;
    try {
      await this.attempt(job, controller.signal);
    } catch (error) {
      failure = { error };
    } finally {
      for (const timer of timers) clearTimeout(timer);
    }
    if (lost) return;
    try {
      if (failure) await this.recordFailure(job, failure.error);
      else await this.store.complete(job.id, this.workerId, this.clock.now());
    } catch (error) {
      // The lease runs out and the sweeper returns the job to the queue.
      this.logger.error(`Recording the outcome of job ${job.id} failed: ${errorText(error)}`);
    }
  }

  private attempt(job: ClaimedJob, signal: AbortSignal): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) {
      return Promise.reject(new Error(`no @JobHandler('${job.name}') provider is registered`));
    }
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    const execution = {
      id: job.id,
      name: job.name,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      tenantId: job.tenantId,
      signal,
    };
    const handled = runInContext(restoredContext(job.context, job.id), async () =>
      handler.handle(job.payload, execution),
    );
    return Promise.race([handled, aborted]);
  }

  private async recordFailure(job: ClaimedJob, error: unknown): Promise<void> {
    const now = this.clock.now();
    const final = job.attempts >= job.maxAttempts;
    const retryAt = final
      ? null
      : new Date(
          now.getTime() +
            Math.round(
              retryDelay(job.attempts, {
                baseDelayMs: job.backoff.initialDelayMs,
                maxDelayMs: job.backoff.maxDelayMs,
                jitter: 'full',
              }),
            ),
        );
    const message = errorText(error);
    this.logger.warn(
      `Job ${job.id} (${job.name}) attempt ${job.attempts}/${job.maxAttempts} failed` +
        `${retryAt ? `, retried at ${retryAt.toISOString()}` : ''}: ${message}`,
    );
    await this.store.fail(job.id, this.workerId, message, retryAt, now);
  }
}
