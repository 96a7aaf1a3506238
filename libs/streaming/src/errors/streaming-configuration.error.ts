import { hasErrorCode } from '@cqrs-ddd/core';
import { StreamingError } from './streaming.error.js';

/** The streaming module or a stream definition is misconfigured (a programming error). */
export class StreamingConfigurationError extends StreamingError {
  static readonly CODE = 'STREAMING_CONFIGURATION';
  readonly code = StreamingConfigurationError.CODE;
}

/** True when `error` is a {@link StreamingConfigurationError}. */
export function isStreamingConfigurationError(
  error: unknown,
): error is StreamingConfigurationError {
  return hasErrorCode(error, StreamingConfigurationError.CODE);
}
