import { hasErrorCode } from '@cqrs-ddd/core';
import { AccessControlError } from './access-control.error.js';

/**
 * The access-control configuration is invalid (unknown inherited role, role cycle, malformed
 * permission pattern or policy, bad PDP options). Thrown at start, never per request.
 */
export class AccessControlConfigurationError extends AccessControlError {
  static readonly CODE = 'ACCESS_CONTROL_CONFIGURATION';
  readonly code = AccessControlConfigurationError.CODE;

  constructor(problem: string) {
    super(
      `Invalid access-control configuration: ${problem}. Fix AccessControlModule.forRoot options.`,
    );
  }
}

/** True when `error` is an {@link AccessControlConfigurationError}. */
export function isAccessControlConfigurationError(
  error: unknown,
): error is AccessControlConfigurationError {
  return hasErrorCode(error, AccessControlConfigurationError.CODE);
}
