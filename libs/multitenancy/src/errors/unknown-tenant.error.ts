import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** The resolved tenant is not in the tenant registry. HTTP: 403 (a token naming a tenant that does not exist: not a missing resource). */
export class UnknownTenantError extends MultitenancyError {
  static readonly CODE = 'TENANT_NOT_FOUND';
  readonly code = UnknownTenantError.CODE;

  constructor(readonly tenantId: string) {
    super(
      `Tenant "${tenantId}" does not exist: check the tenant id, or provision the tenant first (TenantProvisioner.create).`,
    );
  }
}

/** True when `error` is a {@link UnknownTenantError}. */
export function isUnknownTenantError(error: unknown): error is UnknownTenantError {
  return hasErrorCode(error, UnknownTenantError.CODE);
}
