import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** A tenant with this id is already registered. HTTP: 409. */
export class TenantAlreadyExistsError extends MultitenancyError {
  static readonly CODE = 'TENANT_ALREADY_EXISTS';
  readonly code = TenantAlreadyExistsError.CODE;

  constructor(readonly tenantId: string) {
    super(`Tenant "${tenantId}" already exists: choose another id, or update the existing tenant.`);
  }
}

/** True when `error` is a {@link TenantAlreadyExistsError}. */
export function isTenantAlreadyExistsError(error: unknown): error is TenantAlreadyExistsError {
  return hasErrorCode(error, TenantAlreadyExistsError.CODE);
}
