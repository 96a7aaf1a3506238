import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/**
 * An event class (or an object used as an event) lacks a valid stable identity: its own
 * `static readonly type` string and, when declared, a positive integer `static readonly version`.
 */
export class InvalidEventClassError extends CqrsDddError {
  static readonly CODE = 'INVALID_EVENT_CLASS';
  readonly code = InvalidEventClassError.CODE;

  constructor(
    /** Name of the offending class (for humans only; never used as an event type). */
    readonly className: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`Invalid event class ${className}: ${reason}`);
  }
}

/** True when `error` is an {@link InvalidEventClassError}. */
export function isInvalidEventClassError(error: unknown): error is InvalidEventClassError {
  return hasErrorCode(error, InvalidEventClassError.CODE);
}
