import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from '../errors/multitenancy.error.js';

/**
 * A tenant database could not be opened because the pool already holds `maxOpen` databases and
 * none of them became idle within `acquireTimeoutMs`. Transient: retry later, or raise
 * `maxOpen` (mind the server's `max_connections`: each open database may hold `poolSize`
 * connections). HTTP: 503.
 */
export class TenantDatabasePoolExhaustedError extends MultitenancyError {
  static readonly CODE = 'TENANT_DATABASE_POOL_EXHAUSTED';
  readonly code = TenantDatabasePoolExhaustedError.CODE;

  constructor(
    readonly tenantId: string,
    readonly maxOpen: number,
    readonly waitedMs: number,
  ) {
    super(
      `Cannot open the database of tenant "${tenantId}": all ${maxOpen} open tenant databases ` +
        `stayed busy for ${waitedMs} ms. Retry later, or raise the pool's maxOpen.`,
    );
  }
}

/** True when `error` is a {@link TenantDatabasePoolExhaustedError}. */
export function isTenantDatabasePoolExhaustedError(
  error: unknown,
): error is TenantDatabasePoolExhaustedError {
  return hasErrorCode(error, TenantDatabasePoolExhaustedError.CODE);
}
