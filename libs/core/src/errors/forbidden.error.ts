import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** The caller is known but may not perform the action. */
export class ForbiddenError extends CqrsDddError {
  static readonly CODE = 'FORBIDDEN';
  readonly code = ForbiddenError.CODE;

  constructor(
    /** Action that was refused, e.g. `order:confirm`. */
    readonly action: string,
    /** Why it was refused (safe to show the caller). */
    readonly reason: string,
  ) {
    super(`Not allowed to ${action}: ${reason}`);
  }
}

/** True when `error` is a {@link ForbiddenError}. */
export function isForbiddenError(error: unknown): error is ForbiddenError {
  return hasErrorCode(error, ForbiddenError.CODE);
}
