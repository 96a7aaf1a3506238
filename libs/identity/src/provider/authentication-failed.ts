import { UnauthenticatedError } from '@cqrs-ddd/core';

/**
 * The one message of every refused credential of the database stores: it names no user, echoes
 * no secret and does not tell an unknown user from a wrong password or a locked account.
 */
export const AUTHENTICATION_FAILED_MESSAGE =
  'Authentication failed: the credentials are invalid or expired, or the account is locked.';

/** A new `UnauthenticatedError` with {@link AUTHENTICATION_FAILED_MESSAGE}. */
export function authenticationFailed(): UnauthenticatedError {
  return new UnauthenticatedError(AUTHENTICATION_FAILED_MESSAGE);
}
