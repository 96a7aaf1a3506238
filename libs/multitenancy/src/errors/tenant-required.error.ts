import { hasErrorCode } from '@cqrs-ddd/core';
import { MultitenancyError } from './multitenancy.error.js';

/** The work needs a tenant and none was resolved (no token claim, header, subdomain...). HTTP: 400. */
export class TenantRequiredError extends MultitenancyError {
  static readonly CODE = 'TENANT_REQUIRED';
  readonly code = TenantRequiredError.CODE;

  constructor(readonly operation = 'this request') {
    super(
      `${operation} needs a tenant: authenticate with a token carrying a tenant claim (or send the tenant the configured resolvers read). Tenant-agnostic commands are marked with @TenantAgnostic().`,
    );
  }
}

/** True when `error` is a {@link TenantRequiredError}. */
export function isTenantRequiredError(error: unknown): error is TenantRequiredError {
  return hasErrorCode(error, TenantRequiredError.CODE);
}
