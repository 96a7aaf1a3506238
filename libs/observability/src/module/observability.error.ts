import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/observability` (besides the core errors it
 * reuses). Branch on `code`.
 */
export abstract class ObservabilityError extends CqrsDddError {}

/** True when `error` is any {@link ObservabilityError}. */
export function isObservabilityError(error: unknown): error is ObservabilityError {
  return error instanceof ObservabilityError;
}
