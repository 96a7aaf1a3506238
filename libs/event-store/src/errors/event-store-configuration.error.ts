import { hasErrorCode } from '@cqrs-ddd/core';
import { EventStoreError } from './event-store.error.js';

/** `EventStoreModule` options (or the app's wiring) are invalid; raised at start-up. */
export class EventStoreConfigurationError extends EventStoreError {
  static readonly CODE = 'EVENT_STORE_CONFIGURATION';
  readonly code = EventStoreConfigurationError.CODE;

  constructor(
    /** What is wrong and how to fix it. */
    readonly reason: string,
  ) {
    super(`EventStoreModule is misconfigured: ${reason}`);
  }
}

/** True when `error` is an {@link EventStoreConfigurationError}. */
export function isEventStoreConfigurationError(
  error: unknown,
): error is EventStoreConfigurationError {
  return hasErrorCode(error, EventStoreConfigurationError.CODE);
}
