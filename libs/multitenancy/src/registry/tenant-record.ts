import type { Tenant } from './tenant.js';

/**
 * A frozen copy of `tenant` holding exactly the {@link Tenant} fields (the tier's `schema` or
 * `databaseUrl` only when set), so what a registry hands out can never change what it stores.
 */
export function freezeTenant(tenant: Tenant): Tenant {
  return Object.freeze({
    id: tenant.id,
    name: tenant.name,
    status: tenant.status,
    isolation: tenant.isolation,
    ...(tenant.schema == null ? {} : { schema: tenant.schema }),
    ...(tenant.databaseUrl == null ? {} : { databaseUrl: tenant.databaseUrl }),
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
  });
}
