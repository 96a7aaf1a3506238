import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** Expected version of a stream when appending; see `EventStore.append`. */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

/** An optimistic-concurrency check failed: the stream (or resource) moved on since it was read. */
export class ConcurrencyError extends CqrsDddError {
  static readonly CODE = 'CONCURRENCY_CONFLICT';
  readonly code = ConcurrencyError.CODE;

  constructor(
    /** Stream or resource id whose version did not match. */
    readonly streamId: string,
    /** Version the caller expected. */
    readonly expected: ExpectedVersion,
    /** Version actually found (`0` when the stream does not exist). */
    readonly actual: number,
  ) {
    super(
      `Concurrency conflict on "${streamId}": expected version ${String(expected)} but found ${actual}. ` +
        'Reload the latest state and retry the operation.',
    );
  }
}

/** True when `error` is a {@link ConcurrencyError} (checked by code, so it works across package copies). */
export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return hasErrorCode(error, ConcurrencyError.CODE);
}
