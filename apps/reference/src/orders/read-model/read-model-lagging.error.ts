import { CqrsDddError, hasErrorCode } from '@cqrs-ddd/core';

/**
 * A read asked for a version (`minVersion`, read-your-writes) that the read model had not
 * reached when the bounded wait ended. Transient: retry shortly (HTTP answers 503 with
 * `Retry-After: 1`; GraphQL `extensions.code` is `READ_MODEL_LAGGING`).
 */
export class ReadModelLaggingError extends CqrsDddError {
  static readonly CODE = 'READ_MODEL_LAGGING';
  readonly code = ReadModelLaggingError.CODE;

  constructor(
    /** Kind of resource read, e.g. `Order`. */
    readonly resourceType: string,
    /** Id of the resource. */
    readonly resourceId: string,
    /** Version the caller asked for. */
    readonly minVersion: number,
    /** Version the read model had at the end of the wait (`0`: not projected yet). */
    readonly currentVersion: number,
    /** How long the read waited, in milliseconds. */
    readonly waitedMs: number,
  ) {
    super(
      `${resourceType} "${resourceId}" is at version ${currentVersion} in the read model, ` +
        `below the requested ${minVersion}, after waiting ${waitedMs} ms. ` +
        'The read model is catching up: retry in a moment.',
    );
  }
}

/** True when `error` is a {@link ReadModelLaggingError}. */
export function isReadModelLaggingError(error: unknown): error is ReadModelLaggingError {
  return hasErrorCode(error, ReadModelLaggingError.CODE);
}
