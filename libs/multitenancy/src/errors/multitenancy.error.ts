import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/multitenancy` (besides the core errors it
 * reuses: `ValidationError`, `ForbiddenError`...). Branch on `code`.
 */
export abstract class MultitenancyError extends CqrsDddError {}

/** True when `error` is any {@link MultitenancyError}. */
export function isMultitenancyError(error: unknown): error is MultitenancyError {
  return error instanceof MultitenancyError;
}
