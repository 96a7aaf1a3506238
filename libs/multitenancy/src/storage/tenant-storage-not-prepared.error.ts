import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from '../errors/multitenancy.error.js';

/**
 * `StorageTargets.current()` was asked for a tenant whose storage target was never resolved, so
 * it cannot tell whether the tenant's data lives in the shared tables, its own schema or its own
 * database — and refuses to guess (guessing "shared" would write a dedicated tenant's data into
 * the shared tables). A programming error of the entry point: it must `prepare` first.
 */
export class TenantStorageNotPreparedError extends MultitenancyError {
  static readonly CODE = 'TENANT_STORAGE_NOT_PREPARED';
  readonly code = TenantStorageNotPreparedError.CODE;

  constructor(readonly tenantId: string) {
    super(
      `The storage target of tenant "${tenantId}" was not prepared: call ` +
        `StorageTargets.prepare("${tenantId}") before running work for the tenant (the tenancy ` +
        'pipeline step does it for commands and queries; workers that restore a tenant context ' +
        'must do it too).',
    );
  }
}

/** True when `error` is a {@link TenantStorageNotPreparedError}. */
export function isTenantStorageNotPreparedError(
  error: unknown,
): error is TenantStorageNotPreparedError {
  return hasErrorCode(error, TenantStorageNotPreparedError.CODE);
}
