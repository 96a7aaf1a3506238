import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/**
 * An idempotency key was sent again with a different payload. Replaying the stored result
 * would answer a request that was never made, so the request is refused instead.
 */
export class IdempotencyKeyReusedError extends CqrsDddError {
  static readonly CODE = 'IDEMPOTENCY_KEY_REUSED';
  readonly code = IdempotencyKeyReusedError.CODE;

  constructor(
    /** The reused key. */
    readonly key: string,
  ) {
    super(
      `Idempotency key "${key}" was already used for a different request. ` +
        'Send a new key for a new request, or repeat the original request unchanged.',
    );
  }
}

/** True when `error` is an {@link IdempotencyKeyReusedError}. */
export function isIdempotencyKeyReusedError(error: unknown): error is IdempotencyKeyReusedError {
  return hasErrorCode(error, IdempotencyKeyReusedError.CODE);
}
