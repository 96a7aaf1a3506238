import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from '../errors/multitenancy.error.js';

/**
 * A tenant migrator failed on a tenant's schema or database (`cause` holds the migrator's
 * error). During `TenantProvisioner.create` nothing was registered and the storage created for
 * the tenant was dropped; during `migrateAll` the tenants before this one were migrated.
 */
export class TenantMigrationError extends MultitenancyError {
  static readonly CODE = 'TENANT_MIGRATION_FAILED';
  readonly code = TenantMigrationError.CODE;

  constructor(
    readonly tenantId: string,
    cause: unknown,
    hint: string,
  ) {
    super(
      `Migrating the storage of tenant "${tenantId}" failed: ` +
        `${cause instanceof Error ? cause.message : String(cause)}. ${hint}`,
      { cause },
    );
  }
}

/** True when `error` is a {@link TenantMigrationError}. */
export function isTenantMigrationError(error: unknown): error is TenantMigrationError {
  return hasErrorCode(error, TenantMigrationError.CODE);
}
