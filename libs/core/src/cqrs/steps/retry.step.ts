import { setTimeout as sleep } from 'node:timers/promises';
import { isConcurrencyError } from '../../errors/concurrency.error.js';
import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler, StepAppliesTo } from '../pipeline-step.js';

/** Settings of the retry step (order 700). */
export interface RetryStepOptions {
  /**
   * Attempts in total, the first included (`1` never retries).
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Delay before the first retry, doubled for every further one.
   * @default 10
   */
  baseDelayMs?: number;
  /**
   * Upper bound of a delay.
   * @default 200
   */
  maxDelayMs?: number;
  /**
   * Randomisation of delays, so conflicting writers do not retry in lock-step:
   * `full` picks uniformly in [0, delay], `equal` in [delay/2, delay], `none` waits `delay`.
   * @default 'full'
   */
  jitter?: 'full' | 'equal' | 'none';
  /**
   * Which errors are retried.
   * @default isConcurrencyError
   */
  retryIf?: (error: unknown) => boolean;
  /**
   * Messages that are retried. Queries read and rarely conflict.
   * @default 'command'
   */
  appliesTo?: StepAppliesTo;
}

/** {@link RetryStepOptions} with defaults applied. */
export type ResolvedRetryOptions = Required<Omit<RetryStepOptions, 'appliesTo'>>;

/** Applies the documented defaults and checks the values. */
export function resolveRetryOptions(options: RetryStepOptions = {}): ResolvedRetryOptions {
  const resolved = {
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: options.baseDelayMs ?? 10,
    maxDelayMs: options.maxDelayMs ?? 200,
    jitter: options.jitter ?? 'full',
    retryIf: options.retryIf ?? isConcurrencyError,
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer >= 1, got ${resolved.maxAttempts}`);
  }
  if (!(resolved.baseDelayMs >= 0) || !(resolved.maxDelayMs >= 0)) {
    throw new RangeError('retry.baseDelayMs and retry.maxDelayMs must be >= 0');
  }
  return resolved;
}

/** Delay before retry number `attempt` (1 = the first retry); `random` returns [0, 1). */
export function retryDelay(
  attempt: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'jitter'>,
  random: () => number = Math.random,
): number {
  const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  if (options.jitter === 'none') return delay;
  if (options.jitter === 'equal') return delay / 2 + random() * (delay / 2);
  return random() * delay;
}

/**
 * Order 700: re-runs the inner pipeline (a fresh unit of work each time) when it fails with a
 * retryable error — by default `ConcurrencyError`, i.e. another writer moved the stream on —
 * up to `maxAttempts`, with exponential backoff and jitter. `PipelineContext.attempt` counts.
 *
 * It does not retry inside a joined outer unit of work (a command sent from another
 * command's handler): the outer transaction already saw the conflicting state, so only
 * retrying the outer command can succeed. The error propagates and the outer retry step,
 * outside any unit, retries the whole outer command.
 */
export class RetryStep implements PipelineStepHandler {
  private readonly options: ResolvedRetryOptions;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    options: RetryStepOptions = {},
  ) {
    this.options = resolveRetryOptions(options);
  }

  handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    if (this.options.maxAttempts === 1 || this.unitOfWork.isActive()) return next();
    // The first attempt costs one rejection handler, not an async frame: most executions succeed.
    return next().catch((error: unknown) => this.retry(context, next, error));
  }

  private async retry(
    context: PipelineContext,
    next: PipelineNext,
    error: unknown,
  ): Promise<unknown> {
    for (;;) {
      if (context.attempt >= this.options.maxAttempts || !this.options.retryIf(error)) {
        throw error;
      }
      const delay = retryDelay(context.attempt, this.options);
      if (delay > 0) await sleep(delay);
      context.attempt += 1;
      try {
        return await next();
      } catch (failure) {
        error = failure;
      }
    }
  }
}
