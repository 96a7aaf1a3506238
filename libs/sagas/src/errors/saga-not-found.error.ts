import { hasErrorCode } from '@cqrs-ddd/core';
import { SagasError } from './sagas.error.js';

/** No instance of that saga with that id exists (or the saga itself is not registered). */
export class SagaNotFoundError extends SagasError {
  static readonly CODE = 'SAGA_NOT_FOUND';
  readonly code = SagaNotFoundError.CODE;

  constructor(
    /** Name of the saga looked up. */
    readonly sagaName: string,
    /** Id of the instance looked up. */
    readonly sagaId: string,
  ) {
    super(
      `No instance "${sagaId}" of saga "${sagaName}" exists. Check the name and the id ` +
        '(SagaAdminService.list shows the instances).',
    );
  }
}

/** True when `error` is a {@link SagaNotFoundError}. */
export function isSagaNotFoundError(error: unknown): error is SagaNotFoundError {
  return hasErrorCode(error, SagaNotFoundError.CODE);
}
