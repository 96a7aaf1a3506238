import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** The tenant exists but is suspended: nothing runs for it until it is reactivated. HTTP: 403. */
export class TenantSuspendedError extends MultitenancyError {
  static readonly CODE = 'TENANT_SUSPENDED';
  readonly code = TenantSuspendedError.CODE;

  constructor(readonly tenantId: string) {
    super(
      `Tenant "${tenantId}" is suspended: its requests are refused until an administrator reactivates it.`,
    );
  }
}

/** True when `error` is a {@link TenantSuspendedError}. */
export function isTenantSuspendedError(error: unknown): error is TenantSuspendedError {
  return hasErrorCode(error, TenantSuspendedError.CODE);
}
