import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** A lock could not be acquired within the allowed wait (`waitMs`): another owner kept it. */
export class LockTimeoutError extends CqrsDddError {
  static readonly CODE = 'LOCK_TIMEOUT';
  readonly code = LockTimeoutError.CODE;

  constructor(
    /** Locked resource name. */
    readonly resource: string,
    /** How long the caller waited, in milliseconds. */
    readonly waitMs: number,
  ) {
    super(
      `Could not acquire the lock on "${resource}" within ${waitMs} ms: another owner holds it. ` +
        'Retry later or raise waitMs.',
    );
  }
}

/** True when `error` is a {@link LockTimeoutError}. */
export function isLockTimeoutError(error: unknown): error is LockTimeoutError {
  return hasErrorCode(error, LockTimeoutError.CODE);
}
