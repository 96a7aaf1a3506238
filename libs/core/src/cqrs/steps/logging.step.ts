import { Logger, type LogLevel } from '@nestjs/common';
import { isCqrsDddError } from '../../errors/cqrs-ddd.error.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler, StepAppliesTo } from '../pipeline-step.js';
import { ALWAYS_REDACTED_KEYS, normaliseKey, redactPayload } from '../redact-payload.js';

/** Settings of the logging step (order 200). */
export interface LoggingStepOptions {
  /**
   * Level of the entry for a successful execution.
   * @default 'log'
   */
  successLevel?: LogLevel;
  /**
   * Level for failures with a suite error (`CqrsDddError`: validation, domain rule, not found,
   * conflict, forbidden...) — expected outcomes, logged without stack.
   * @default 'warn'
   */
  expectedFailureLevel?: LogLevel;
  /**
   * Level for any other failure (a bug or an outage), logged with its stack.
   * @default 'error'
   */
  unexpectedFailureLevel?: LogLevel;
  /**
   * Include the message payload in entries. Payloads may hold personal data, hence opt-in;
   * values of secret-looking keys are always redacted.
   * @default false
   */
  logPayload?: boolean;
  /**
   * Keys redacted from logged payloads in addition to the built-in list
   * (`ALWAYS_REDACTED_KEYS`: password, secret, token, authorization, apiKey, card numbers...).
   * @default []
   */
  redactKeys?: readonly string[];
  /**
   * Logger context (the bracketed name in Nest's console output).
   * @default 'CqrsPipeline'
   */
  loggerContext?: string;
  /**
   * Messages that are logged.
   * @default 'both'
   */
  appliesTo?: StepAppliesTo;
}

/** One structured log entry of the logging step. */
export interface PipelineLogEntry {
  readonly message: string;
  readonly kind: PipelineContext['kind'];
  readonly type: string;
  readonly messageId: string | undefined;
  readonly correlationId: string | undefined;
  readonly causationId: string | undefined;
  readonly outcome: 'success' | 'failure';
  readonly durationMs: number;
  readonly attempts: number;
  readonly replayed?: boolean;
  readonly errorCode?: string;
  readonly error?: string;
  readonly payload?: unknown;
}

/**
 * Order 200: one structured entry per execution through Nest's `Logger` — type, ids, outcome,
 * duration, attempts — at a level chosen by outcome. Nothing is built when the level is
 * disabled. Payloads are left out unless `logPayload` is on, and then redacted.
 */
export class LoggingStep implements PipelineStepHandler {
  private readonly logger: Logger;
  private readonly redactKeys: ReadonlySet<string>;
  private readonly successLevel: LogLevel;
  private readonly expectedFailureLevel: LogLevel;
  private readonly unexpectedFailureLevel: LogLevel;

  constructor(private readonly options: LoggingStepOptions = {}) {
    this.logger = new Logger(options.loggerContext ?? 'CqrsPipeline');
    this.successLevel = options.successLevel ?? 'log';
    this.expectedFailureLevel = options.expectedFailureLevel ?? 'warn';
    this.unexpectedFailureLevel = options.unexpectedFailureLevel ?? 'error';
    this.redactKeys = new Set(
      [...ALWAYS_REDACTED_KEYS, ...(options.redactKeys ?? [])].map(normaliseKey),
    );
  }

  handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const started = performance.now();
    return next().then(
      (result) => {
        if (Logger.isLevelEnabled(this.successLevel)) {
          this.write(this.successLevel, this.entry(context, started, 'success'));
        }
        return result;
      },
      (error: unknown) => {
        this.logFailure(context, error, started);
        throw error;
      },
    );
  }

  private logFailure(context: PipelineContext, error: unknown, started: number): void {
    const expected = isCqrsDddError(error);
    const level = expected ? this.expectedFailureLevel : this.unexpectedFailureLevel;
    if (!Logger.isLevelEnabled(level)) return;
    const entry = {
      ...this.entry(context, started, 'failure'),
      errorCode: errorCode(error),
      error: error instanceof Error ? error.message : String(error),
    };
    const stack = !expected && error instanceof Error ? error.stack : undefined;
    this.write(level, entry, stack);
  }

  private entry(
    context: PipelineContext,
    started: number,
    outcome: 'success' | 'failure',
  ): PipelineLogEntry {
    const entry: PipelineLogEntry = {
      message: `${context.kind} ${context.messageType} ${outcome === 'success' ? 'succeeded' : 'failed'}`,
      kind: context.kind,
      type: context.messageType,
      messageId: context.messageId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      outcome,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      attempts: context.attempt,
      ...(context.metadata.idempotentReplay === true ? { replayed: true } : {}),
    };
    return this.options.logPayload
      ? { ...entry, payload: redactPayload(context.message, this.redactKeys) }
      : entry;
  }

  private write(level: LogLevel, entry: PipelineLogEntry, stack?: string): void {
    if (level === 'error' || level === 'fatal') {
      if (stack) this.logger[level](entry, stack);
      else this.logger[level](entry);
    } else {
      this.logger[level](entry);
    }
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : undefined;
}
