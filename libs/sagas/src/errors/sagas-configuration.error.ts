import { hasErrorCode } from '@cqrs-ddd/core';
import { SagasError } from './sagas.error.js';

/** The sagas module is set up inconsistently (missing MikroORM, duplicate saga names...). */
export class SagasConfigurationError extends SagasError {
  static readonly CODE = 'SAGAS_CONFIGURATION';
  readonly code = SagasConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is a {@link SagasConfigurationError}. */
export function isSagasConfigurationError(error: unknown): error is SagasConfigurationError {
  return hasErrorCode(error, SagasConfigurationError.CODE);
}
