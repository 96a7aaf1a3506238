import type { Clock } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { isTenantAlreadyExistsError } from '../errors/tenant-already-exists.error.js';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { CachedTenantRegistry } from '../registry/cached-tenant.registry.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import { PostgresTenantRegistry } from '../registry/postgres-tenant.registry.js';
import type { TenantRegistry } from '../registry/tenant-registry.port.js';
import { migrateTenantRegistry } from '../registry/tenant-registry.schema.js';
import type { NewTenant } from '../registry/tenant.js';
import type { MultitenancySettings } from './multitenancy.settings.js';

/** What {@link createTenantRegistry} may use. */
export interface TenantRegistryDependencies {
  /** The app's MikroORM, needed by the `'postgres'` registry. */
  readonly orm?: MikroORM;
  readonly clock?: Clock;
}

/**
 * The registry the settings ask for, ready to use: the `'postgres'` table migrated (unless
 * `registryOptions.migrate` is `false`), the shared-table `tenants` of the settings registered
 * when missing (schema and database tenants are provisioned by `TenantProvisioner`),
 * and the `'postgres'` or custom registry wrapped in a `CachedTenantRegistry`.
 * @throws MultitenancyConfigurationError when `'postgres'` is asked for without a MikroORM
 */
export async function createTenantRegistry(
  settings: MultitenancySettings,
  { orm, clock }: TenantRegistryDependencies,
): Promise<TenantRegistry> {
  const { registry, registryOptions, registryCacheTtlMs } = settings;
  let inner: TenantRegistry;
  if (registry === 'memory') {
    inner = new InMemoryTenantRegistry({ clock });
  } else if (registry === 'postgres') {
    if (!orm) {
      throw new MultitenancyConfigurationError(
        "MultitenancyModule: registry 'postgres' needs the app's MikroORM: import " +
          'MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) in the app, or choose ' +
          "registry 'memory'.",
      );
    }
    const em = orm.em as unknown as SqlEntityManager;
    const { migrate = true, schema, tablePrefix } = registryOptions;
    if (migrate) await migrateTenantRegistry(em, { schema, tablePrefix });
    inner = new PostgresTenantRegistry(em, { schema, tablePrefix, clock });
  } else {
    inner = registry;
  }
  await seedTenants(
    inner,
    settings.tenants.filter((tenant) => tenant.isolation === 'shared'),
  );
  if (registry === 'memory' || registryCacheTtlMs === 0) return inner;
  return new CachedTenantRegistry(inner, {
    ttlMs: registryCacheTtlMs,
    missTtlMs: Math.min(registryCacheTtlMs, 1000),
    clock,
  });
}

/** Registers each tenant that does not exist yet; safe when several instances start together. */
async function seedTenants(registry: TenantRegistry, tenants: readonly NewTenant[]): Promise<void> {
  for (const tenant of tenants) {
    if ((await registry.find(tenant.id)) !== null) continue;
    try {
      await registry.create(tenant);
    } catch (error) {
      if (!isTenantAlreadyExistsError(error)) throw error;
    }
  }
}
