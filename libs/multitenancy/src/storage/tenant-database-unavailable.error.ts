import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from '../errors/multitenancy.error.js';

/**
 * The database of a database-per-tenant tenant cannot be opened: the server refused the
 * connection, the database does not exist, or the tenant database pool was closed (the
 * application is shutting down). HTTP: 503.
 */
export class TenantDatabaseUnavailableError extends MultitenancyError {
  static readonly CODE = 'TENANT_DATABASE_UNAVAILABLE';
  readonly code = TenantDatabaseUnavailableError.CODE;

  constructor(
    readonly tenantId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The database of tenant "${tenantId}" is unavailable (${reason}): check that it exists and ` +
        "that the tenant's databaseUrl points at a reachable server, then retry.",
      options,
    );
  }
}

/** True when `error` is a {@link TenantDatabaseUnavailableError}. */
export function isTenantDatabaseUnavailableError(
  error: unknown,
): error is TenantDatabaseUnavailableError {
  return hasErrorCode(error, TenantDatabaseUnavailableError.CODE);
}
