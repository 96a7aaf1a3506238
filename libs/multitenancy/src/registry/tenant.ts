/** How a tenant's data is kept apart from other tenants' data. */
export type TenantIsolation = 'shared' | 'schema' | 'database';

/** Whether requests for a tenant are served. */
export type TenantStatus = 'active' | 'suspended';

/** One registered tenant. */
export interface Tenant {
  /** Stable id (the token's `tenant` claim): 1-63 of `a-z`, `0-9`, `-`, not starting with `-`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  readonly status: TenantStatus;
  /** Isolation tier, chosen at provisioning and fixed afterwards. */
  readonly isolation: TenantIsolation;
  /** PostgreSQL schema of the tenant's tables (`schema` tier only). */
  readonly schema?: string;
  /**
   * Connection URL of the tenant's own database (`database` tier only). Stored in the registry
   * like any other configuration: keep credentials out of it (use the server's auth, or
   * resolve them at run time through a custom `connectionFor` option).
   */
  readonly databaseUrl?: string;
  /** When the tenant was registered (ISO 8601). */
  readonly createdAt: string;
  /** When the tenant last changed (ISO 8601). */
  readonly updatedAt: string;
}

/** What {@link TenantRegistry.create} needs; timestamps are set by the registry. */
export type NewTenant = Omit<Tenant, 'createdAt' | 'updatedAt' | 'status'> & {
  /** @default 'active' */
  readonly status?: TenantStatus;
};

/** Fields of a tenant that may change after registration. */
export interface TenantPatch {
  readonly name?: string;
  readonly status?: TenantStatus;
}
