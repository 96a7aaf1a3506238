import { hasErrorCode } from '@cqrs-ddd/core';
import { StreamingError } from './streaming.error.js';

/** A transport asked for a stream that `StreamingModule.forRoot({ streams })` does not define. */
export class UnknownStreamError extends StreamingError {
  static readonly CODE = 'STREAM_NOT_FOUND';
  readonly code = UnknownStreamError.CODE;

  constructor(
    /** The requested stream name. */
    readonly streamName: string,
    known: readonly string[],
  ) {
    super(
      `No event stream named "${streamName}": define it with defineEventStream() in ` +
        `StreamingModule.forRoot({ streams }) (defined: ${known.join(', ') || 'none'}).`,
    );
  }
}

/** True when `error` is an {@link UnknownStreamError}. */
export function isUnknownStreamError(error: unknown): error is UnknownStreamError {
  return hasErrorCode(error, UnknownStreamError.CODE);
}
