/** Settings of the tenancy pipeline step and `TenantGuard` (from `MultitenancyModuleOptions`). */
export interface TenancyOptions {
  /** Commands, queries and routes need a tenant unless marked `@TenantAgnostic()`. */
  readonly required: boolean;
  /** Read the host from `X-Forwarded-Host` (first value) before `Host`. */
  readonly trustProxy: boolean;
}

/** Injection token of the {@link TenancyOptions}. */
export const TENANCY_OPTIONS = Symbol('cqrs-ddd:TENANCY_OPTIONS');
