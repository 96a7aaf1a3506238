import { hasErrorCode } from '@cqrs-ddd/core';
import { IdentityError } from './identity.error.js';

/**
 * The options of `IdentityModule` (strategies, keys, algorithms) are missing or inconsistent;
 * thrown when the module starts, with a message naming the option to fix.
 */
export class IdentityConfigurationError extends IdentityError {
  static readonly CODE = 'IDENTITY_CONFIGURATION';
  readonly code = IdentityConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is an {@link IdentityConfigurationError}. */
export function isIdentityConfigurationError(error: unknown): error is IdentityConfigurationError {
  return hasErrorCode(error, IdentityConfigurationError.CODE);
}
