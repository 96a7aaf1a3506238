import { hasErrorCode } from '@cqrs-ddd/core';
import { FeatureFlagsError } from './feature-flags.error.js';

/**
 * The feature-flags configuration is invalid (unknown provider, options of another provider,
 * an admin API without PostgreSQL, a bad flag definition, a missing MikroORM or access-control
 * module). Thrown at start, never per evaluation.
 */
export class FeatureFlagsConfigurationError extends FeatureFlagsError {
  static readonly CODE = 'FEATURE_FLAGS_CONFIGURATION';
  readonly code = FeatureFlagsConfigurationError.CODE;

  constructor(problem: string) {
    super(
      `Invalid feature-flags configuration: ${problem}. Fix FeatureFlagsModule.forRoot options.`,
    );
  }
}

/** True when `error` is a {@link FeatureFlagsConfigurationError}. */
export function isFeatureFlagsConfigurationError(
  error: unknown,
): error is FeatureFlagsConfigurationError {
  return hasErrorCode(error, FeatureFlagsConfigurationError.CODE);
}
