import { InvalidTenantIdError } from '../errors/invalid-tenant-id.error.js';
import { TenantSuspendedError } from '../errors/tenant-suspended.error.js';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import { isValidTenantId } from '../registry/tenant-id.js';
import type { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { Tenant } from '../registry/tenant.js';

/**
 * The registered, active tenant `tenantId`: the check every entry point (guard, pipeline step,
 * `TenantContext`) makes before work runs for a tenant.
 * @throws InvalidTenantIdError when the id is not well formed
 * @throws UnknownTenantError when the registry does not know it
 * @throws TenantSuspendedError when it is suspended
 */
export async function requireActiveTenant(
  registry: TenantRegistry,
  tenantId: string,
): Promise<Tenant> {
  if (!isValidTenantId(tenantId)) throw new InvalidTenantIdError(String(tenantId));
  const tenant = await registry.find(tenantId);
  if (tenant === null) throw new UnknownTenantError(tenantId);
  if (tenant.status === 'suspended') throw new TenantSuspendedError(tenantId);
  return tenant;
}
