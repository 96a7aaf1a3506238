import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/**
 * A request with this idempotency key is still being executed elsewhere and did not finish
 * within the wait limit. The caller should retry later with the same key.
 */
export class IdempotencyInProgressError extends CqrsDddError {
  static readonly CODE = 'IDEMPOTENCY_IN_PROGRESS';
  readonly code = IdempotencyInProgressError.CODE;

  constructor(
    /** The key whose first execution is still running. */
    readonly key: string,
  ) {
    super(
      `A request with idempotency key "${key}" is still in progress. ` +
        'Retry later with the same key to receive its result.',
    );
  }
}

/** True when `error` is an {@link IdempotencyInProgressError}. */
export function isIdempotencyInProgressError(error: unknown): error is IdempotencyInProgressError {
  return hasErrorCode(error, IdempotencyInProgressError.CODE);
}
