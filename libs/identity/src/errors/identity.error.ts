import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/identity` (besides the core errors it reuses:
 * `UnauthenticatedError` for every rejected credential). Branch on `code`.
 */
export abstract class IdentityError extends CqrsDddError {}

/** True when `error` is any {@link IdentityError}. */
export function isIdentityError(error: unknown): error is IdentityError {
  return error instanceof IdentityError;
}
