import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** One invalid field (or parameter) of a rejected input. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `items.0.quantity`; empty for the input as a whole. */
  readonly path: string;
  /** What is wrong and what is expected. */
  readonly message: string;
  /** Short machine code of the violated rule, e.g. `isPositive`, `unknownField`. */
  readonly rule?: string;
}

/** An input was rejected; `issues` lists every invalid field, not only the first. */
export class ValidationError extends CqrsDddError {
  static readonly CODE = 'VALIDATION_FAILED';
  readonly code = ValidationError.CODE;

  constructor(
    readonly issues: readonly ValidationIssue[],
    message?: string,
  ) {
    super(
      message ??
        `Invalid input: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
  }

  /** Shorthand for a single-issue error. */
  static of(path: string, message: string, rule?: string): ValidationError {
    return new ValidationError([{ path, message, rule }]);
  }
}

/** True when `error` is a {@link ValidationError}. */
export function isValidationError(error: unknown): error is ValidationError {
  return hasErrorCode(error, ValidationError.CODE);
}
