import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** Two different event classes claim the same stable `type`, so stored events would be ambiguous. */
export class DuplicateEventTypeError extends CqrsDddError {
  static readonly CODE = 'DUPLICATE_EVENT_TYPE';
  readonly code = DuplicateEventTypeError.CODE;

  constructor(
    /** The contested event type. */
    readonly eventType: string,
    /** Class already registered for it. */
    readonly registeredClass: string,
    /** Class that tried to claim it too. */
    readonly conflictingClass: string,
  ) {
    super(
      `Event type "${eventType}" is already registered by ${registeredClass}; ${conflictingClass} ` +
        'cannot claim it too. Give each event class its own type string.',
    );
  }
}

/** True when `error` is a {@link DuplicateEventTypeError}. */
export function isDuplicateEventTypeError(error: unknown): error is DuplicateEventTypeError {
  return hasErrorCode(error, DuplicateEventTypeError.CODE);
}
