import {
  getMetadataStorage,
  validate,
  validateSync,
  ValidationTypes,
  type ValidationError as ClassValidatorError,
  type ValidatorOptions,
} from 'class-validator';
import { ValidationError, type ValidationIssue } from '../../errors/validation.error.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler, StepAppliesTo } from '../pipeline-step.js';

/** Settings of the validation step (order 500). */
export interface ValidationStepOptions {
  /**
   * Properties without validation decorators on a validated class: `allow` leaves them,
   * `strip` deletes them from the message, `forbid` rejects the message (each one an issue with
   * rule `unknownField`). Use `forbid` where messages are built from raw client input.
   * @default 'allow'
   */
  unknownProperties?: 'allow' | 'strip' | 'forbid';
  /**
   * Further class-validator options (groups, skipMissingProperties, ...); `whitelist` and
   * `forbidNonWhitelisted` come from {@link unknownProperties}.
   * @default {}
   */
  validatorOptions?: Omit<ValidatorOptions, 'whitelist' | 'forbidNonWhitelisted'>;
  /**
   * Messages that are validated.
   * @default 'both'
   */
  appliesTo?: StepAppliesTo;
}

/** How a class is validated: not at all (no decorators), synchronously, or asynchronously. */
type Plan = 'none' | 'sync' | 'async';

/**
 * Order 500: validates commands and queries that carry class-validator decorators and
 * rejects invalid ones with `ValidationError`, listing every invalid field with its nested
 * path (`items.0.quantity`). Classes without decorators are not validated; whether a class has
 * any (and any asynchronous constraint) is worked out once per class, so they cost a map
 * look-up. Synchronous `validateSync` is used unless the class needs async validation
 * (async custom constraints, promises, nested objects whose classes are only known at run time).
 */
export class ValidationStep implements PipelineStepHandler {
  private readonly plans = new WeakMap<object, Plan>();
  private readonly validatorOptions: ValidatorOptions;

  constructor(options: ValidationStepOptions = {}) {
    const unknown = options.unknownProperties ?? 'allow';
    this.validatorOptions = {
      forbidUnknownValues: false,
      ...options.validatorOptions,
      whitelist: unknown !== 'allow',
      forbidNonWhitelisted: unknown === 'forbid',
      validationError: { target: false, value: false },
    };
  }

  handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const message = context.message;
    const plan = this.planFor(message.constructor);
    if (plan === 'none') return next();
    if (plan === 'async') return this.validateAsync(message, next);
    const errors = validateSync(message, this.validatorOptions);
    return errors.length === 0 ? next() : Promise.reject(toValidationError(errors));
  }

  private async validateAsync(message: object, next: PipelineNext): Promise<unknown> {
    const errors = await validate(message, this.validatorOptions);
    if (errors.length > 0) throw toValidationError(errors);
    return next();
  }

  private planFor(type: object): Plan {
    let plan = this.plans.get(type);
    if (plan === undefined) {
      plan = planValidation(type as new () => unknown, this.validatorOptions);
      this.plans.set(type, plan);
    }
    return plan;
  }
}

function planValidation(type: new () => unknown, options: ValidatorOptions): Plan {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(
    type,
    '',
    options.always ?? false,
    options.strictGroups ?? false,
    options.groups,
  );
  if (metadatas.length === 0) return 'none';
  const needsAsync = metadatas.some(
    (metadata) =>
      metadata.type === ValidationTypes.NESTED_VALIDATION ||
      metadata.type === ValidationTypes.PROMISE_VALIDATION ||
      (metadata.type === ValidationTypes.CUSTOM_VALIDATION &&
        storage.getTargetValidatorConstraints(metadata.constraintCls).some((c) => c.async)),
  );
  return needsAsync ? 'async' : 'sync';
}

/** Flattens class-validator's error tree into one issue per violated constraint. */
export function toValidationError(errors: readonly ClassValidatorError[]): ValidationError {
  const issues: ValidationIssue[] = [];
  collectIssues(errors, '', issues);
  return new ValidationError(issues);
}

function collectIssues(
  errors: readonly ClassValidatorError[],
  parentPath: string,
  issues: ValidationIssue[],
): void {
  for (const error of errors) {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      issues.push({ path, message, rule: rule === 'whitelistValidation' ? 'unknownField' : rule });
    }
    if (error.children?.length) collectIssues(error.children, path, issues);
  }
}
