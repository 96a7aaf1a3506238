import { currentRequestContext } from '@cqrs-ddd/core';

/**
 * The trail the caller reads: the request context's tenant (or its principal's), `null` for a
 * platform-level caller (platform entries, those without tenant).
 */
export function currentAuditTenant(): string | null {
  const context = currentRequestContext();
  return context?.tenantId ?? context?.principal?.tenantId ?? null;
}
