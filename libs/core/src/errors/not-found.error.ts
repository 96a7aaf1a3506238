import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** The requested aggregate, stream or resource does not exist (or is not visible to the caller). */
export class NotFoundError extends CqrsDddError {
  static readonly CODE = 'NOT_FOUND';
  readonly code = NotFoundError.CODE;

  constructor(
    /** Kind of resource, e.g. `Order`. */
    readonly resourceType: string,
    /** Id that was looked up. */
    readonly resourceId: string,
  ) {
    super(
      `${resourceType} "${resourceId}" was not found. Check the id and that it belongs to your tenant.`,
    );
  }
}

/** True when `error` is a {@link NotFoundError}. */
export function isNotFoundError(error: unknown): error is NotFoundError {
  return hasErrorCode(error, NotFoundError.CODE);
}
