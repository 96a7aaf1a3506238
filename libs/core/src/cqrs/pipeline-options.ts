import type { PipelineStepDefinition } from './pipeline-step.js';
import type { IdempotencyStepOptions } from './steps/idempotency.step.js';
import type { LoggingStepOptions } from './steps/logging.step.js';
import type { RetryStepOptions } from './steps/retry.step.js';
import type { UnitOfWorkStepOptions } from './steps/unit-of-work.step.js';
import type { ValidationStepOptions } from './steps/validation.step.js';

/**
 * The command/query pipeline: which built-in steps run, their settings, and extra steps.
 * Each built-in step takes `false` (off), `true` (on, defaults) or its settings object (on).
 * The context step (order 100) is always on: the others and the request context rely on it.
 */
export interface PipelineOptions {
  /**
   * Structured logging of every execution (order 200).
   * @default true
   */
  logging?: boolean | LoggingStepOptions;
  /**
   * class-validator validation of decorated messages (order 500).
   * @default true
   */
  validation?: boolean | ValidationStepOptions;
  /**
   * Replay by idempotency key through the `IdempotencyStore` (order 600, commands).
   * @default true
   */
  idempotency?: boolean | IdempotencyStepOptions;
  /**
   * Bounded retry on `ConcurrencyError` (order 700, commands).
   * @default true
   */
  retry?: boolean | RetryStepOptions;
  /**
   * Transaction boundary through the `UnitOfWork` (order 800, commands).
   * @default true
   */
  unitOfWork?: boolean | UnitOfWorkStepOptions;
  /**
   * Further steps given as functions, placed by their `order` among the built-in ones (see
   * `PipelineStepOrder`). Steps given as classes use `@PipelineStep()` instead.
   * @default []
   */
  steps?: readonly PipelineStepDefinition[];
}

/** Settings of an enabled built-in step, or `undefined` when it is turned off. */
export function stepSettings<T extends object>(value: boolean | T | undefined): T | undefined {
  if (value === false) return undefined;
  return value === true || value === undefined ? ({} as T) : value;
}
