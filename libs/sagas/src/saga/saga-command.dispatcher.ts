import { runInContext } from '@cqrs-ddd/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Logger, type LoggerService } from '@nestjs/common';
import type { CommandTypeRegistry } from '../commands/command-type.registry.js';
import { isTransientFailure } from '../scheduling/transient-failure.js';
import type { SagaCommandRecord } from './saga-instance.js';
import type { SagaRuntime } from './saga.runtime.js';

/** Executes a saga's command: the application's `CommandBus.execute` (the whole pipeline). */
export type SagaCommandExecutor = (command: object) => Promise<unknown>;

/** Options of {@link SagaCommandDispatcher}. */
export interface SagaCommandDispatcherOptions {
  /** How often to look for pending commands when not woken, in ms. @default 500 */
  readonly pollIntervalMs?: number;
  /** Commands dispatched per round before yielding. @default 100 */
  readonly batchSize?: number;
  /** First delay after a transient failure of a command, in ms (doubled up to `maxRetryDelayMs`). @default 200 */
  readonly initialRetryDelayMs?: number;
  /** Longest delay after transient failures, in ms. @default 30_000 */
  readonly maxRetryDelayMs?: number;
  /** Whether a command's error is an outage, retried later. @default connection losses, deadlocks, concurrency conflicts */
  readonly isTransientFailure?: (error: unknown) => boolean;
  /** @default new Logger('SagaCommandDispatcher') */
  readonly logger?: LoggerService;
}

/** What {@link SagaCommandDispatcher} runs on. */
export interface SagaCommandDispatcherDependencies {
  /** The app's MikroORM EntityManager: the transaction the command's pipeline joins. */
  readonly em: EntityManager;
  readonly runtime: SagaRuntime;
  readonly registry: CommandTypeRegistry;
  readonly execute: SagaCommandExecutor;
}

/**
 * Sends the commands sagas recorded. Each command goes out in ONE transaction: the row is
 * claimed (`FOR UPDATE SKIP LOCKED`, first pending command of its instance) and marked
 * dispatched first, then the command runs through the command bus in the saga's context (its
 * tenant, the saga principal, the instance's correlation id, the row id as causation id) inside
 * a savepoint — the pipeline's unit of work joins the transaction, so the command's effect and
 * the dispatched mark commit together: after a crash at any point the command is neither lost
 * nor repeated. A command that fails is rolled back to the savepoint and, in the same
 * transaction, marked failed and fed to its instance (compensation); an outage rolls everything
 * back and the command is retried later with backoff.
 */
export class SagaCommandDispatcher {
  private readonly logger: LoggerService;
  private running?: Promise<void>;
  private stopping = false;
  private wakeUp?: () => void;
  private woken = false;

  constructor(
    private readonly dependencies: SagaCommandDispatcherDependencies,
    private readonly options: SagaCommandDispatcherOptions = {},
  ) {
    this.logger = options.logger ?? new Logger('SagaCommandDispatcher');
  }

  /** Starts dispatching in the background (no-op when started). */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Stops after the command being dispatched; resolves once stopped. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = undefined;
  }

  /** Looks for pending commands now (e.g. after a saga recorded some). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Dispatches up to `limit` due commands, one after another; resolves how many were claimed.
   * Usable without {@link start} (tests, manual draining).
   */
  async dispatchDue(limit = this.options.batchSize ?? 100): Promise<number> {
    let claimed = 0;
    while (claimed < limit && !this.stopping && (await this.dispatchNext())) claimed += 1;
    return claimed;
  }

  /** Dispatches the next due command; resolves whether there was one. */
  async dispatchNext(): Promise<boolean> {
    const { em, runtime } = this.dependencies;
    let record: SagaCommandRecord | undefined;
    try {
      await em.transactional(async () => {
        record = await runtime.commands.claimNext();
        if (record) await this.dispatch(record);
      });
    } catch (error) {
      if (!record) throw error;
      await this.deferAfterOutage(record, error);
    }
    return record !== undefined;
  }

  private async dispatch(record: SagaCommandRecord): Promise<void> {
    const { em, runtime, registry, execute } = this.dependencies;
    await runtime.commands.markDispatched(record.id);
    try {
      await em.transactional(async () => {
        const command = registry.deserialize({
          type: record.commandType,
          data: record.commandData,
        });
        const context = {
          ...runtime.commandContext(record),
          messageId: record.id,
          ...(record.causationId !== undefined && { causationId: record.causationId }),
          ...(record.traceparent !== undefined && { traceparent: record.traceparent }),
        };
        await runInContext(context, () => execute(command));
      });
    } catch (error) {
      if ((this.options.isTransientFailure ?? isTransientFailure)(error)) throw error;
      const message = describeError(error);
      await runtime.commands.markFailed(record.id, message);
      await runtime.commandFailed(record, message);
      return;
    }
    await runtime.commandDispatched(record);
  }

  private async deferAfterOutage(record: SagaCommandRecord, error: unknown): Promise<void> {
    const initial = this.options.initialRetryDelayMs ?? 200;
    const delay = Math.min(
      initial * 2 ** Math.min(record.attempts, 20),
      this.options.maxRetryDelayMs ?? 30_000,
    );
    this.logger.warn(
      `Saga command ${record.commandType} (${record.id}) of ${record.sagaName}/${record.sagaId} ` +
        `failed transiently, retrying in ${delay} ms: ${describeError(error)}`,
    );
    try {
      await this.dependencies.runtime.commands.defer(record.id, delay, describeError(error));
    } catch (deferError) {
      this.logger.warn(`Could not defer saga command ${record.id}: ${describeError(deferError)}`);
    }
  }

  private async loop(): Promise<void> {
    const pollIntervalMs = this.options.pollIntervalMs ?? 500;
    while (!this.stopping) {
      this.woken = false;
      let claimed = 0;
      try {
        claimed = await this.dispatchDue();
      } catch (error) {
        this.logger.error(`Saga command dispatch failed: ${describeError(error)}`);
      }
      if (this.stopping || claimed > 0 || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollIntervalMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = undefined;
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
