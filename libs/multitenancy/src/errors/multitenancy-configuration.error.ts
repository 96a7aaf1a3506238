import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** Options of the multitenancy module (resolvers, isolation, registry) are inconsistent. */
export class MultitenancyConfigurationError extends MultitenancyError {
  static readonly CODE = 'MULTITENANCY_CONFIGURATION';
  readonly code = MultitenancyConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is a {@link MultitenancyConfigurationError}. */
export function isMultitenancyConfigurationError(
  error: unknown,
): error is MultitenancyConfigurationError {
  return hasErrorCode(error, MultitenancyConfigurationError.CODE);
}
