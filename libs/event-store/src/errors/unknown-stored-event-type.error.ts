import { hasErrorCode } from '@cqrs-ddd/core';
import { EventStoreError } from './event-store.error.js';

/**
 * A stored event's type (after upcasting and aliases) matches no registered event class, and
 * the module is configured with `unknownEventTypes: 'fail'` (the default).
 */
export class UnknownStoredEventTypeError extends EventStoreError {
  static readonly CODE = 'UNKNOWN_STORED_EVENT_TYPE';
  readonly code = UnknownStoredEventTypeError.CODE;

  constructor(
    /** The unrecognised type, e.g. `order.placed`. */
    readonly eventType: string,
    /** Stream the event belongs to. */
    readonly streamId: string,
    /** Its version in that stream. */
    readonly streamVersion: number,
  ) {
    super(
      `Stored event "${eventType}" (stream "${streamId}", version ${streamVersion}) matches no ` +
        'registered event class: register the class (EventStoreModule `events`), map the old type ' +
        "to its new class with `aliases`, or set `unknownEventTypes: 'skip'`.",
    );
  }
}

/** True when `error` is an {@link UnknownStoredEventTypeError}. */
export function isUnknownStoredEventTypeError(
  error: unknown,
): error is UnknownStoredEventTypeError {
  return hasErrorCode(error, UnknownStoredEventTypeError.CODE);
}
