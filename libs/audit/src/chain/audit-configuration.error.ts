import { hasErrorCode } from '@cqrs-ddd/core';
import { AuditError } from './audit.error.js';

/**
 * An audit store or schema option is invalid (e.g. a schema or role name that is not a plain
 * SQL identifier); the message names the option to fix.
 */
export class AuditConfigurationError extends AuditError {
  static readonly CODE = 'AUDIT_CONFIGURATION';
  readonly code = AuditConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is an {@link AuditConfigurationError}. */
export function isAuditConfigurationError(error: unknown): error is AuditConfigurationError {
  return hasErrorCode(error, AuditConfigurationError.CODE);
}
