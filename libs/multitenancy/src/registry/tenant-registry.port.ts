import type { NewTenant, Tenant, TenantPatch, TenantStatus } from './tenant.js';

/**
 * The tenants the application serves: who exists, whether they are active, and where their data
 * lives. Adapters: `PostgresTenantRegistry` (production) and `InMemoryTenantRegistry` (tests,
 * embedded defaults); both pass `describeTenantRegistryContract`.
 */
export abstract class TenantRegistry {
  /** The tenant with this id, or `null`. Ids that are not well formed are simply not found. */
  abstract find(id: string): Promise<Tenant | null>;

  /**
   * Registers a tenant.
   * @throws InvalidTenantIdError when the id is not well formed
   * @throws TenantAlreadyExistsError when the id is taken
   * @throws ValidationError (core) when the name is empty or the tier's schema/databaseUrl is missing
   */
  abstract create(tenant: NewTenant): Promise<Tenant>;

  /**
   * Changes a tenant's name or status and returns it.
   * @throws UnknownTenantError when there is no such tenant
   */
  abstract update(id: string, patch: TenantPatch): Promise<Tenant>;

  /** Every tenant (optionally only those of one status), ordered by id. */
  abstract list(filter?: { readonly status?: TenantStatus }): Promise<Tenant[]>;
}
