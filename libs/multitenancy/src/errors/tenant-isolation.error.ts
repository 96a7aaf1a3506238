import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/**
 * An operation would reach outside the caller's tenant and cannot be scoped to it (e.g. an
 * update that unsets or renames the tenant field, an aggregation stage that must come first
 * and cannot be filtered by tenant). Nothing was run. HTTP: 403.
 */
export class TenantIsolationError extends MultitenancyError {
  static readonly CODE = 'TENANT_ISOLATION';
  readonly code = TenantIsolationError.CODE;

  constructor(readonly reason: string) {
    super(
      `${reason}: it cannot be limited to the current tenant. Rewrite it so it only reads and writes the tenant's own data, or (platform jobs only) opt out of tenant scoping explicitly.`,
    );
  }
}

/** True when `error` is a {@link TenantIsolationError}. */
export function isTenantIsolationError(error: unknown): error is TenantIsolationError {
  return hasErrorCode(error, TenantIsolationError.CODE);
}
