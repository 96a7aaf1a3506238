import { hasErrorCode } from '@cqrs-ddd/core';
import { ObservabilityError } from './observability.error.js';

/** Options of `ObservabilityModule.forRoot` are invalid; the message names the option to fix. */
export class ObservabilityConfigurationError extends ObservabilityError {
  static readonly CODE = 'OBSERVABILITY_CONFIGURATION';
  readonly code = ObservabilityConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is an {@link ObservabilityConfigurationError}. */
export function isObservabilityConfigurationError(
  error: unknown,
): error is ObservabilityConfigurationError {
  return hasErrorCode(error, ObservabilityConfigurationError.CODE);
}
