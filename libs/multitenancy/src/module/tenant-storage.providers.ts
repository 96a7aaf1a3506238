import { StorageTargets } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { MikroORM as PostgresMikroORM, Options } from '@mikro-orm/postgresql';
import type { Provider } from '@nestjs/common';
import { isTenantAlreadyExistsError } from '../errors/tenant-already-exists.error.js';
import { TenantProvisioner } from '../provisioning/tenant.provisioner.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import { RegistryStorageTargets } from '../storage/registry-storage.targets.js';
import { TenantDatabasePool } from '../storage/tenant-database.pool.js';
import { MULTITENANCY_SETTINGS, type MultitenancySettings } from './multitenancy.settings.js';

/**
 * Providers of the storage tiers: the `TenantDatabasePool` (database tenants' connections, from
 * the app's MikroORM options unless `databases.baseOptions` says otherwise), the
 * `RegistryStorageTargets` (also provided as core's `StorageTargets`, so the event store and
 * the projections route per tenant) and the `TenantProvisioner`, which provisions the schema
 * and database tenants of the `tenants` option that are missing.
 */
export const tenantStorageProviders: Provider[] = [
  {
    provide: TenantDatabasePool,
    inject: [MULTITENANCY_SETTINGS, { token: MikroORM, optional: true }],
    useFactory: (settings: MultitenancySettings, orm?: MikroORM) =>
      new TenantDatabasePool({
        baseOptions: orm?.config.getAll() as Partial<Options> | undefined,
        ...settings.databases,
      }),
  },
  {
    provide: RegistryStorageTargets,
    inject: [TenantRegistry, TenantDatabasePool],
    useFactory: (registry: TenantRegistry, pool: TenantDatabasePool) =>
      new RegistryStorageTargets(registry, pool),
  },
  { provide: StorageTargets, useExisting: RegistryStorageTargets },
  {
    provide: TenantProvisioner,
    inject: [
      MULTITENANCY_SETTINGS,
      TenantRegistry,
      RegistryStorageTargets,
      TenantDatabasePool,
      { token: MikroORM, optional: true },
    ],
    useFactory: async (
      settings: MultitenancySettings,
      registry: TenantRegistry,
      targets: RegistryStorageTargets,
      pool: TenantDatabasePool,
      orm?: MikroORM,
    ) => {
      const provisioner = new TenantProvisioner(
        { registry, targets, pool, orm: orm as PostgresMikroORM | undefined },
        settings.provisioning,
      );
      await provisionMissingTenants(provisioner, registry, settings);
      await targets.refresh();
      return provisioner;
    },
  },
];

/** What the storage providers export. */
export const tenantStorageExports = [
  TenantDatabasePool,
  RegistryStorageTargets,
  StorageTargets,
  TenantProvisioner,
];

/**
 * Provisions the schema and database tenants of the `tenants` option that are not registered
 * (the shared ones were registered with the registry); of instances starting together, one
 * provisions each tenant.
 */
async function provisionMissingTenants(
  provisioner: TenantProvisioner,
  registry: TenantRegistry,
  settings: MultitenancySettings,
): Promise<void> {
  for (const tenant of settings.tenants) {
    if (tenant.isolation === 'shared' || (await registry.find(tenant.id)) !== null) continue;
    try {
      await provisioner.create(tenant);
    } catch (error) {
      if (!isTenantAlreadyExistsError(error)) throw error;
    }
  }
}
