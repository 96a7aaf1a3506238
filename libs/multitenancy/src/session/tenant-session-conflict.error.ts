import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from '../errors/multitenancy.error.js';

/**
 * Work for one tenant was started inside a database transaction already bound to another tenant
 * (row-level security), where it would run with the other tenant's rows. HTTP: 500 (a bug).
 */
export class TenantSessionConflictError extends MultitenancyError {
  static readonly CODE = 'TENANT_SESSION_CONFLICT';
  readonly code = TenantSessionConflictError.CODE;

  constructor(
    readonly boundTenantId: string,
    readonly requestedTenantId: string,
  ) {
    super(
      `Work for tenant "${requestedTenantId}" cannot join a database transaction bound to tenant "${boundTenantId}": start it outside that transaction (its own unit of work), once the other tenant's work is done.`,
    );
  }
}

/** True when `error` is a {@link TenantSessionConflictError}. */
export function isTenantSessionConflictError(error: unknown): error is TenantSessionConflictError {
  return hasErrorCode(error, TenantSessionConflictError.CODE);
}
