import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** A tenant id is not well formed (lower-case letters, digits and `-`, 1–63 characters, starting with a letter or digit). HTTP: 400. */
export class InvalidTenantIdError extends MultitenancyError {
  static readonly CODE = 'INVALID_TENANT_ID';
  readonly code = InvalidTenantIdError.CODE;

  constructor(readonly tenantId: string) {
    super(
      `${JSON.stringify(tenantId)} is not a valid tenant id: use 1-63 lower-case letters, digits and "-", starting with a letter or digit.`,
    );
  }
}

/** True when `error` is a {@link InvalidTenantIdError}. */
export function isInvalidTenantIdError(error: unknown): error is InvalidTenantIdError {
  return hasErrorCode(error, InvalidTenantIdError.CODE);
}
