import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** Two sources named different tenants (e.g. an `X-Tenant-Id` header that disagrees with the token, without the platform-admin role). HTTP: 403. */
export class TenantMismatchError extends MultitenancyError {
  static readonly CODE = 'TENANT_MISMATCH';
  readonly code = TenantMismatchError.CODE;

  constructor(
    readonly claimed: string,
    readonly requested: string,
  ) {
    super(
      `The tenant "${requested}" asked for does not match the authenticated tenant "${claimed}": only platform administrators may act for another tenant.`,
    );
  }
}

/** True when `error` is a {@link TenantMismatchError}. */
export function isTenantMismatchError(error: unknown): error is TenantMismatchError {
  return hasErrorCode(error, TenantMismatchError.CODE);
}
