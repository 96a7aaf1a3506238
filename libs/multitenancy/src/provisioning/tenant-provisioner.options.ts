import type { MikroORM } from '@mikro-orm/postgresql';
import type { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { RegistryStorageTargets } from '../storage/registry-storage.targets.js';
import type { TenantDatabasePool } from '../storage/tenant-database.pool.js';
import type { TenantMigrator } from './tenant.migrator.js';

/** What a {@link TenantProvisioner} works with. */
export interface TenantProvisionerDependencies {
  /** Where tenants are registered (last step of provisioning). */
  readonly registry: TenantRegistry;
  /** Told about each dedicated tenant once it is registered. */
  readonly targets: RegistryStorageTargets;
  /** Opens the databases of database-tier tenants to migrate them. */
  readonly pool: TenantDatabasePool;
  /**
   * The application's MikroORM: schema-tier tenants get their schema in its database, and
   * database-tier tenants without `databaseUrl` their database on its server. Without it only
   * shared-table tenants can be created.
   */
  readonly orm?: MikroORM;
}

/** Options of {@link TenantProvisioner}. */
export interface TenantProvisionerOptions {
  /**
   * Migrators run on every new schema or database (more with `addMigrator`).
   * @default []
   */
  readonly migrators?: readonly TenantMigrator[];
  /**
   * Schema of a schema-tier tenant provisioned without `schema`.
   * @default `tenant_<id>` with `-` replaced by `_` (`acme-eu` → `tenant_acme_eu`)
   */
  readonly schemaNameFor?: (tenantId: string) => string;
  /**
   * Database created for a database-tier tenant provisioned without `databaseUrl`.
   * @default `tenant_<id>` with `-` replaced by `_`
   */
  readonly databaseNameFor?: (tenantId: string) => string;
  /**
   * URL of a database created by the provisioner, as stored in the registry.
   * @default the application's connection (host, port, user, query parameters) with that
   * database and without password: the pool connects with the application's password.
   */
  readonly databaseUrlFor?: (databaseName: string) => string;
}

/** The default {@link TenantProvisionerOptions.schemaNameFor} and `databaseNameFor`. */
export function defaultTenantStorageName(tenantId: string): string {
  return `tenant_${tenantId.replaceAll('-', '_')}`;
}
