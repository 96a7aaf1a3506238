import { hasErrorCode } from '@cqrs-ddd/core';
import { StreamingError } from './streaming.error.js';

/**
 * A client did not take its events fast enough: more than `bufferLimit` events waited for it,
 * so it was disconnected. It resumes without loss by reconnecting with the id of the last event
 * it received (`Last-Event-ID`).
 */
export class StreamClientTooSlowError extends StreamingError {
  static readonly CODE = 'STREAM_CLIENT_TOO_SLOW';
  readonly code = StreamClientTooSlowError.CODE;

  constructor(
    /** The per-client buffer limit that was exceeded. */
    readonly bufferLimit: number,
  ) {
    super(
      `Client too slow: more than ${bufferLimit} events were waiting for it. ` +
        'Reconnect with the id of the last event received (Last-Event-ID) to resume.',
    );
  }
}

/** True when `error` is a {@link StreamClientTooSlowError}. */
export function isStreamClientTooSlowError(error: unknown): error is StreamClientTooSlowError {
  return hasErrorCode(error, StreamClientTooSlowError.CODE);
}
