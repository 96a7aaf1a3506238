import { hasErrorCode } from '@cqrs-ddd/core';
import { FeatureFlagsError } from '../errors/feature-flags.error.js';

/** The Unleash API could not be read when the provider started. */
export class UnleashUnavailableError extends FeatureFlagsError {
  static readonly CODE = 'UNLEASH_UNAVAILABLE';
  readonly code = UnleashUnavailableError.CODE;

  constructor(url: string, cause: unknown) {
    super(
      `Unleash at ${url} could not be read (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Check UnleashConfig.url, the API token in customHeaders and that the server is up.',
      { cause },
    );
  }
}

/** True when `error` is an {@link UnleashUnavailableError}. */
export function isUnleashUnavailableError(error: unknown): error is UnleashUnavailableError {
  return hasErrorCode(error, UnleashUnavailableError.CODE);
}
