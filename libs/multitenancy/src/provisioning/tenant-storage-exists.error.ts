import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from '../errors/multitenancy.error.js';

/**
 * Provisioning a tenant would create a schema or database that already exists (left over from
 * an earlier tenant, created by hand, or chosen by another tenant). The provisioner never adopts
 * existing storage, which could hold another tenant's data. HTTP: 409.
 */
export class TenantStorageExistsError extends MultitenancyError {
  static readonly CODE = 'TENANT_STORAGE_EXISTS';
  readonly code = TenantStorageExistsError.CODE;

  constructor(
    readonly tenantId: string,
    readonly kind: 'schema' | 'database',
    readonly storageName: string,
  ) {
    super(
      `Cannot provision tenant "${tenantId}": the ${kind} "${storageName}" already exists. ` +
        `Choose another ${kind} name, or drop the ${kind} if it is a leftover.`,
    );
  }
}

/** True when `error` is a {@link TenantStorageExistsError}. */
export function isTenantStorageExistsError(error: unknown): error is TenantStorageExistsError {
  return hasErrorCode(error, TenantStorageExistsError.CODE);
}
