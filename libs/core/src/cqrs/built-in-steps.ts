import type { IdGenerator } from '../ports/id-generator.port.js';
import type { IdempotencyStore } from '../ports/idempotency-store.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';
import { stepSettings, type PipelineOptions } from './pipeline-options.js';
import type {
  PipelineStepDefinition,
  PipelineStepHandler,
  StepAppliesTo,
} from './pipeline-step.js';
import { PipelineStepOrder } from './pipeline-step-order.js';
import { ContextStep } from './steps/context.step.js';
import { IdempotencyStep, type IdempotencyStepOptions } from './steps/idempotency.step.js';
import { LoggingStep, type LoggingStepOptions } from './steps/logging.step.js';
import { TelemetryStep } from './steps/telemetry.step.js';
import { RetryStep, type RetryStepOptions } from './steps/retry.step.js';
import { UnitOfWorkStep, type UnitOfWorkStepOptions } from './steps/unit-of-work.step.js';
import { ValidationStep, type ValidationStepOptions } from './steps/validation.step.js';

/** What the built-in steps need. */
export interface BuiltInStepDependencies {
  readonly ids: IdGenerator;
  readonly unitOfWork: UnitOfWork;
  readonly idempotencyStore: IdempotencyStore;
}

/**
 * The steps of a pipeline configured by `options`: the always-on context and telemetry steps,
 * the enabled built-in steps in their default slots, then `options.steps`. Sorting happens when the pipeline is installed.
 */
export function buildPipelineSteps(
  options: PipelineOptions,
  deps: BuiltInStepDependencies,
): PipelineStepDefinition[] {
  const steps = [
    define('context', PipelineStepOrder.CONTEXT, 'both', new ContextStep(deps.ids)),
    define('telemetry', PipelineStepOrder.TELEMETRY, 'both', new TelemetryStep()),
  ];
  const add = <T extends { appliesTo?: StepAppliesTo }>(
    name: string,
    order: number,
    appliesTo: StepAppliesTo,
    value: boolean | T | undefined,
    create: (settings: T) => PipelineStepHandler,
  ) => {
    const settings = stepSettings<T>(value);
    if (settings)
      steps.push(define(name, order, settings.appliesTo ?? appliesTo, create(settings)));
  };
  add<LoggingStepOptions>(
    'logging',
    PipelineStepOrder.LOGGING,
    'both',
    options.logging,
    (settings) => new LoggingStep(settings),
  );
  add<ValidationStepOptions>(
    'validation',
    PipelineStepOrder.VALIDATION,
    'both',
    options.validation,
    (settings) => new ValidationStep(settings),
  );
  add<IdempotencyStepOptions>(
    'idempotency',
    PipelineStepOrder.IDEMPOTENCY,
    'command',
    options.idempotency,
    (settings) => new IdempotencyStep(deps.idempotencyStore, settings),
  );
  add<RetryStepOptions>(
    'retry',
    PipelineStepOrder.RETRY,
    'command',
    options.retry,
    (settings) => new RetryStep(deps.unitOfWork, settings),
  );
  add<UnitOfWorkStepOptions>(
    'unit-of-work',
    PipelineStepOrder.UNIT_OF_WORK,
    'command',
    options.unitOfWork,
    () => new UnitOfWorkStep(deps.unitOfWork),
  );
  return [...steps, ...(options.steps ?? [])];
}

function define(
  name: string,
  order: number,
  appliesTo: StepAppliesTo,
  handler: PipelineStepHandler,
): PipelineStepDefinition {
  return { name, order, appliesTo, handle: handler.handle.bind(handler) };
}
