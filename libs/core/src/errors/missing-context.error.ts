import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/**
 * A value the code needs from the request context (tenant, principal, correlation id...) is
 * absent: the code runs outside any entry point that sets it up, or the entry point did not
 * provide that value.
 */
export class MissingContextError extends CqrsDddError {
  static readonly CODE = 'MISSING_CONTEXT';
  readonly code = MissingContextError.CODE;

  constructor(
    /** Name of the missing value, e.g. `tenantId`. */
    readonly key: string,
  ) {
    super(
      `No ${key} in the request context. Run this code inside a request, a @WithRequestContext() ` +
        `method or runInContext(...), and make sure the entry point sets ${key}.`,
    );
  }
}

/** True when `error` is a {@link MissingContextError}. */
export function isMissingContextError(error: unknown): error is MissingContextError {
  return hasErrorCode(error, MissingContextError.CODE);
}
