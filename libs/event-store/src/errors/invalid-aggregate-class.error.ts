import { hasErrorCode } from '@cqrs-ddd/core';
import { EventStoreError } from './event-store.error.js';

/**
 * An aggregate class cannot be stored as declared: no stable aggregate type, snapshots
 * configured without `toSnapshot()`/`restoreSnapshot()`, an id that has no string form.
 */
export class InvalidAggregateClassError extends EventStoreError {
  static readonly CODE = 'INVALID_AGGREGATE_CLASS';
  readonly code = InvalidAggregateClassError.CODE;

  constructor(
    /** Name of the class (for humans only; never stored). */
    readonly className: string,
    /** What is wrong and how to fix it. */
    readonly reason: string,
  ) {
    super(`Invalid aggregate class ${className}: ${reason}`);
  }
}

/** True when `error` is an {@link InvalidAggregateClassError}. */
export function isInvalidAggregateClassError(error: unknown): error is InvalidAggregateClassError {
  return hasErrorCode(error, InvalidAggregateClassError.CODE);
}
