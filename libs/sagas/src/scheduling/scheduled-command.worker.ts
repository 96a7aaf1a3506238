import { type Clock, retryDelay, runInContext, SystemClock } from '@cqrs-ddd/core';
import { Logger, type LoggerService } from '@nestjs/common';
import type { CommandTypeRegistry } from '../commands/command-type.registry.js';
import { restoredContext } from './captured-context.js';
import { errorText } from './error-text.js';
import { PollingLoop } from './polling-loop.js';
import type { DueScheduledCommand, ScheduledCommandStore } from './scheduled-command.store.js';
import { isTransientFailure } from './transient-failure.js';

/** What executes commands: `CommandBus` of `@nestjs/cqrs` (the whole pipeline) fits. */
export interface CommandExecutor {
  execute(command: object): Promise<unknown>;
}

/** Options of {@link ScheduledCommandWorker}. */
export interface ScheduledCommandWorkerOptions {
  /** Pause between polls when nothing was due. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Commands run per poll before polling again at once. @default 20 */
  readonly batchSize?: number;
  /**
   * Backoff of commands whose run failed transiently (exponential, full jitter), and of the
   * worker itself when polling fails.
   * @default { initialDelayMs: 1000, maxDelayMs: 60000 }
   */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Which failures are outages, retried later; any other is final. @default isTransientFailure */
  readonly isTransient?: (error: unknown) => boolean;
  /** Time source (what is due, retry times). @default new SystemClock() */
  readonly clock?: Clock;
  /** Where failures are logged. @default new Logger('ScheduledCommandWorker') */
  readonly logger?: LoggerService;
}

/** The tally of one {@link ScheduledCommandWorker.runOnce}. */
export interface ScheduledRunTally {
  readonly done: number;
  readonly failed: number;
  readonly retried: number;
}

/**
 * Runs due scheduled commands: claims each (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and, in one
 * transaction, marks it done and executes it through the command bus inside the request context
 * it was scheduled in (tenant, principal, correlation id; the schedule id as causation id). The
 * pipeline's unit of work joins that transaction, so the command's effects and the done mark
 * commit together. A failure rolls both back; then an outage (see `isTransient`) moves the
 * schedule later with backoff, any other error marks it `failed` for good.
 */
export class ScheduledCommandWorker {
  private readonly loop: PollingLoop;
  private readonly clock: Clock;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly retry: { initialDelayMs: number; maxDelayMs: number };
  private readonly isTransient: (error: unknown) => boolean;

  constructor(
    private readonly store: ScheduledCommandStore,
    private readonly registry: CommandTypeRegistry,
    private readonly bus: CommandExecutor,
    options: ScheduledCommandWorkerOptions = {},
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? new Logger('ScheduledCommandWorker');
    this.batchSize = options.batchSize ?? 20;
    this.retry = { initialDelayMs: 1_000, maxDelayMs: 60_000, ...options.retry };
    this.isTransient = options.isTransient ?? isTransientFailure;
    this.loop = new PollingLoop(
      async () => (await this.tally()).total === this.batchSize,
      options.pollIntervalMs ?? 1_000,
      (failures) => this.backoff(failures),
      (error) => this.logger.error(`Polling scheduled commands failed: ${errorText(error)}`),
    );
  }

  /** Whether the worker polls. */
  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  /** Starts polling (no-op when started). */
  start(): void {
    this.loop.start();
  }

  /** Stops polling; resolves once the commands in flight have finished. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs the commands due now, at most `batchSize`, one after another. */
  async runOnce(): Promise<ScheduledRunTally> {
    const { done, failed, retried } = await this.tally();
    return { done, failed, retried };
  }

  private async tally(): Promise<ScheduledRunTally & { total: number }> {
    const tally = { done: 0, failed: 0, retried: 0, total: 0 };
    while (tally.total < this.batchSize) {
      const outcome = await this.store.runNextDue(this.clock.now(), (due) => this.execute(due));
      if (!outcome) break;
      tally.total += 1;
      if (outcome.error === undefined) {
        tally.done += 1;
      } else if (await this.settleFailure(outcome.due, outcome.error)) {
        tally.retried += 1;
      } else {
        tally.failed += 1;
      }
    }
    return tally;
  }

  private async execute(due: DueScheduledCommand): Promise<void> {
    const command = this.registry.deserialize(due.command);
    await runInContext(restoredContext(due.context, due.id), () => this.bus.execute(command));
  }

  /** Records the failure; resolves whether the command will be retried. */
  private async settleFailure(due: DueScheduledCommand, error: unknown): Promise<boolean> {
    const now = this.clock.now();
    const message = errorText(error);
    if (this.isTransient(error)) {
      const runAt = new Date(now.getTime() + this.backoff(due.attempts + 1));
      this.logger.warn(
        `Scheduled command ${due.key} (${due.command.type}) failed, retried at ${runAt.toISOString()}: ${message}`,
      );
      await this.store.retryLater(due.id, message, runAt, now);
      return true;
    }
    this.logger.error(`Scheduled command ${due.key} (${due.command.type}) failed: ${message}`);
    await this.store.markFailed(due.id, message, now);
    return false;
  }

  private backoff(attempt: number): number {
    return Math.round(
      retryDelay(attempt, {
        baseDelayMs: this.retry.initialDelayMs,
        maxDelayMs: this.retry.maxDelayMs,
        jitter: 'equal',
      }),
    );
  }
}
