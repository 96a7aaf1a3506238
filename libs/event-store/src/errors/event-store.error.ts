import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/event-store` (besides the core errors it
 * reuses: `ConcurrencyError`, `NotFoundError`, `ValidationError`...). Branch on `code`.
 */
export abstract class EventStoreError extends CqrsDddError {}

/** True when `error` is any {@link EventStoreError}. */
export function isEventStoreError(error: unknown): error is EventStoreError {
  return error instanceof EventStoreError;
}
