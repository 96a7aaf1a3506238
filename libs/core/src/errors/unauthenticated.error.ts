import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** No (valid) identity was presented where one is required. */
export class UnauthenticatedError extends CqrsDddError {
  static readonly CODE = 'UNAUTHENTICATED';
  readonly code = UnauthenticatedError.CODE;

  constructor(message = 'Authentication is required: present a valid credential.') {
    super(message);
  }
}

/** True when `error` is an {@link UnauthenticatedError}. */
export function isUnauthenticatedError(error: unknown): error is UnauthenticatedError {
  return hasErrorCode(error, UnauthenticatedError.CODE);
}
