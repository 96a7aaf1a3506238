import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** A cache refused a value whose serialised (JSON, UTF-8) size exceeds its configured maximum. */
export class CacheValueTooLargeError extends CqrsDddError {
  static readonly CODE = 'CACHE_VALUE_TOO_LARGE';
  readonly code = CacheValueTooLargeError.CODE;

  constructor(
    /** Cache key (as given by the caller, before namespacing). */
    readonly key: string,
    /** Serialised size of the refused value, in bytes. */
    readonly sizeBytes: number,
    /** Configured maximum, in bytes. */
    readonly maxBytes: number,
  ) {
    super(
      `Cache value for "${key}" is ${sizeBytes} bytes, above the ${maxBytes} byte limit. ` +
        'Cache a smaller projection of the data or raise maxValueBytes.',
    );
  }
}

/** True when `error` is a {@link CacheValueTooLargeError}. */
export function isCacheValueTooLargeError(error: unknown): error is CacheValueTooLargeError {
  return hasErrorCode(error, CacheValueTooLargeError.CODE);
}
