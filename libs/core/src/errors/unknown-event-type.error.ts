import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** A stored or emitted event carries a `type` that no registered event class claims. */
export class UnknownEventTypeError extends CqrsDddError {
  static readonly CODE = 'UNKNOWN_EVENT_TYPE';
  readonly code = UnknownEventTypeError.CODE;

  constructor(
    /** The unrecognised event type, e.g. `order.created`. */
    readonly eventType: string,
  ) {
    super(
      `Unknown event type "${eventType}": register the event class that declares ` +
        `\`static readonly type = '${eventType}'\` with the EventTypeRegistry.`,
    );
  }
}

/** True when `error` is an {@link UnknownEventTypeError}. */
export function isUnknownEventTypeError(error: unknown): error is UnknownEventTypeError {
  return hasErrorCode(error, UnknownEventTypeError.CODE);
}
