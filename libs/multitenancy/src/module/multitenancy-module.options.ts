import type { TenantProvisionerOptions } from '../provisioning/tenant-provisioner.options.js';
import type { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { TenantRegistrySchemaOptions } from '../registry/tenant-registry.schema.js';
import type { NewTenant } from '../registry/tenant.js';
import type { TenantResolver } from '../resolution/tenant-resolver.js';
import type { TenantSessionBinder } from '../session/tenant-session.binder.js';
import type { TenantDatabasePoolOptions } from '../storage/tenant-database-pool.options.js';

/** Settings of the `'postgres'` tenant registry. */
export interface MultitenancyRegistryOptions extends TenantRegistrySchemaOptions {
  /**
   * Create the registry's schema and table at start-up when missing (idempotent, safe when
   * several instances start together). Turn off when migrations are run separately.
   * @default true
   */
  readonly migrate?: boolean;
}

/** Options of `MultitenancyModule.forRoot` / `forRootAsync`. */
export interface MultitenancyModuleOptions {
  /**
   * How a request's tenant is found, asked in order (see `TenantResolutionService`): the token's
   * claim is trusted; a header, subdomain or custom value must match it unless the caller is a
   * platform administrator.
   * @default [TenantResolvers.claim(), TenantResolvers.header()]
   */
  resolvers?: TenantResolver[];
  /**
   * Every command, query, REST route and GraphQL operation needs a tenant, except those marked
   * `@TenantAgnostic()` (`TenantRequiredError` otherwise). `false` lets tenant-less work through
   * (a tenant that is present is still checked).
   * @default true
   */
  required?: boolean;
  /**
   * The tenant registry: `'memory'` (this process only: tests, embedded set-ups), `'postgres'`
   * (a table in the app's database through the app's `MikroOrmModule`; see `registryOptions`),
   * or an adapter instance. Postgres and custom registries are cached (`registryCacheTtlMs`).
   * @default 'memory'
   */
  registry?: 'memory' | 'postgres' | TenantRegistry;
  /**
   * Schema, table prefix and start-up migration of the `'postgres'` registry.
   * @default { schema: 'public', tablePrefix: 'cqrs_', migrate: true }
   */
  registryOptions?: MultitenancyRegistryOptions;
  /**
   * How long a looked-up tenant is reused before the registry is asked again (applies to
   * `'postgres'` and custom registries). Also how long a suspension may take to reach other
   * instances. `0` turns the cache off.
   * @default 5000
   */
  registryCacheTtlMs?: number;
  /**
   * Role of principals who may act for any tenant (by sending a header, subdomain...).
   * @default 'platform-admin'
   */
  platformAdminRole?: string;
  /**
   * The app runs behind a reverse proxy that sets `X-Forwarded-Host`: the subdomain resolver
   * reads that header's first value instead of `Host`. Leave off when clients reach the app
   * directly (they could send any `X-Forwarded-Host`).
   * @default false
   */
  trustProxy?: boolean;
  /**
   * Accept client-chosen tenants (header, subdomain, custom resolvers) from anonymous requests,
   * e.g. public pages of a tenant's subdomain. Authenticated callers are always checked
   * against their token.
   * @default false
   */
  trustUnauthenticatedSources?: boolean;
  /**
   * Register `TenantGuard` as a global guard (`APP_GUARD`). Turn off to apply it yourself,
   * e.g. `@UseGuards(AuthGuard, TenantGuard)` or ordered `APP_GUARD` providers.
   * @default true
   */
  guard?: boolean;
  /**
   * Tenants registered at start-up when missing (existing ones are left as they are): handy
   * for development and tests. Schema and database tenants are provisioned (`TenantProvisioner`:
   * schema or database created, `provisioning.migrators` run), which needs the app's MikroORM.
   * @default []
   */
  tenants?: NewTenant[];
  /**
   * Connections of database-per-tenant tenants (`TenantDatabasePool`): at most `maxOpen`
   * databases connected, idle ones closed after `idleTimeoutMs`. Each tenant database's
   * MikroORM starts from `baseOptions` (default: the app's MikroORM options) and the tenant's
   * `databaseUrl`.
   * @default {} (see `TenantDatabasePoolOptions`)
   */
  databases?: TenantDatabasePoolOptions;
  /**
   * How `TenantProvisioner` creates schema and database tenants: the migrators run on each new
   * tenant's schema or database (and by `migrateAll`), and how schemas, databases and their URLs
   * are named. The suite's stores create their tables in a tenant's schema or database on first
   * use when their `migrate` option is on (the default), so migrators are only needed for the
   * app's own tables or with `migrate: false`.
   * @default {}
   */
  provisioning?: TenantProvisionerOptions;
  /**
   * Binds the database session to the tenant around every command and query (e.g.
   * `MikroOrmTenantSessionBinder` for PostgreSQL row-level security); provided as
   * `TenantSessionBinder`.
   * @default new NoTenantSessionBinder()
   */
  sessionBinder?: TenantSessionBinder;
}
