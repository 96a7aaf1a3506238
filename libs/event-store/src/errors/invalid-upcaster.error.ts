import { hasErrorCode } from '@cqrs-ddd/core';
import { EventStoreError } from './event-store.error.js';

/**
 * An upcaster or type alias is declared wrongly: versions that do not go up, two upcasters for
 * the same type and version, an alias cycle. Raised at start-up, before any event is read.
 */
export class InvalidUpcasterError extends EventStoreError {
  static readonly CODE = 'INVALID_UPCASTER';
  readonly code = InvalidUpcasterError.CODE;

  constructor(
    /** The offending declaration, e.g. `upcaster order.created v1 -> v2 (OrderCreatedV1)`. */
    readonly declaration: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`Invalid ${declaration}: ${reason}`);
  }
}

/** True when `error` is an {@link InvalidUpcasterError}. */
export function isInvalidUpcasterError(error: unknown): error is InvalidUpcasterError {
  return hasErrorCode(error, InvalidUpcasterError.CODE);
}
