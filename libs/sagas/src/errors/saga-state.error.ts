import { hasErrorCode } from '@cqrs-ddd/core';
import { SagasError } from './sagas.error.js';

/** An admin operation does not apply to the instance in its current status. */
export class SagaStateError extends SagasError {
  static readonly CODE = 'SAGA_STATE_CONFLICT';
  readonly code = SagaStateError.CODE;

  constructor(
    /** Name of the saga. */
    readonly sagaName: string,
    /** Id of the instance. */
    readonly sagaId: string,
    /** Status the instance is in. */
    readonly status: string,
    /** What was asked and when it applies. */
    detail: string,
  ) {
    super(`Instance "${sagaId}" of saga "${sagaName}" is ${status}: ${detail}`);
  }
}

/** True when `error` is a {@link SagaStateError}. */
export function isSagaStateError(error: unknown): error is SagaStateError {
  return hasErrorCode(error, SagaStateError.CODE);
}
