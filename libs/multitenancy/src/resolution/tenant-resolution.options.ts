import type { TenantResolver } from './tenant-resolver.js';

/** Settings of {@link TenantResolutionService} (from `MultitenancyModuleOptions`, defaults applied). */
export interface TenantResolutionOptions {
  /** Resolvers, asked in order. */
  readonly resolvers: readonly TenantResolver[];
  /** Role that lets a principal act for any tenant. */
  readonly platformAdminRole: string;
  /** Accept client-chosen tenants (header, subdomain, custom) from anonymous requests. */
  readonly trustUnauthenticatedSources: boolean;
}

/** Injection token of the {@link TenantResolutionOptions}. */
export const TENANT_RESOLUTION_OPTIONS = Symbol('cqrs-ddd:TENANT_RESOLUTION_OPTIONS');
