import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/**
 * The caller acted on a lock it no longer holds: it expired and (possibly) passed to another
 * owner, or it was already released. Work guarded by that lock is no longer exclusive.
 */
export class LockNotHeldError extends CqrsDddError {
  static readonly CODE = 'LOCK_NOT_HELD';
  readonly code = LockNotHeldError.CODE;

  constructor(
    /** Locked resource name. */
    readonly resource: string,
    /** Fencing token of the lock the caller thought it held. */
    readonly token: number,
  ) {
    super(
      `Lock on "${resource}" (token ${token}) is no longer held by this owner: it expired or was ` +
        'released. Stop the guarded work, or acquire the lock again with a longer ttlMs.',
    );
  }
}

/** True when `error` is a {@link LockNotHeldError}. */
export function isLockNotHeldError(error: unknown): error is LockNotHeldError {
  return hasErrorCode(error, LockNotHeldError.CODE);
}
