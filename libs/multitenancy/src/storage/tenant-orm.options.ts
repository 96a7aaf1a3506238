import type { Options } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import type { Tenant } from '../registry/tenant.js';
import {
  connectionFromDatabaseUrl,
  DEFAULT_TENANT_DATABASE_POOL_SIZE,
  tenantContextName,
  type TenantDatabasePoolOptions,
} from './tenant-database-pool.options.js';
import type { PgPoolLike } from './tenant-database.entry.js';

type DriverOptions = Record<string, unknown> & { onPoolCreated?: (pool: PgPoolLike) => unknown };

/**
 * The MikroORM options of `tenant`'s database: the pool's base options, then the tenant's
 * connection, then what the pool owns — `contextName: 'tenant:<id>'`, `ensureDatabase: false`,
 * `pool.min: 0`, `pool.max: poolSize`, and `driverOptions` turned into a function (MikroORM calls
 * it each time it creates a client) that reports every new `pg` pool to `onPoolCreated`.
 * @throws MultitenancyConfigurationError when `driverOptions` hold a Kysely instance or dialect
 */
export async function tenantOrmOptions(
  tenant: Tenant,
  options: TenantDatabasePoolOptions,
  onPoolCreated: (pool: PgPoolLike) => void,
): Promise<Options> {
  const base = options.baseOptions ?? {};
  const connection = await (options.connectionFor ?? connectionFromDatabaseUrl)(tenant);
  const configured: unknown = connection.driverOptions ?? base.driverOptions;
  if (typeof configured !== 'function') plainDriverOptions(configured);
  const driverOptions = (): DriverOptions => {
    const plain = plainDriverOptions(configured);
    return {
      ...plain,
      onPoolCreated: (pool: PgPoolLike) => {
        onPoolCreated(pool);
        return plain.onPoolCreated?.(pool);
      },
    };
  };
  return {
    ...base,
    ...connection,
    contextName: tenantContextName(tenant.id),
    ensureDatabase: false,
    pool: {
      ...base.pool,
      ...connection.pool,
      min: 0,
      max: options.poolSize ?? DEFAULT_TENANT_DATABASE_POOL_SIZE,
    },
    driverOptions: driverOptions as unknown as DriverOptions,
  } as Options;
}

/** The configured `driverOptions` as a plain object (a function is called, as MikroORM does). */
function plainDriverOptions(configured: unknown): DriverOptions {
  const resolved: unknown =
    typeof configured === 'function' ? (configured as () => unknown)() : configured;
  const plain = resolved ?? {};
  if (Object.getPrototypeOf(plain) !== Object.prototype) {
    throw new MultitenancyConfigurationError(
      'Tenant databases need connection pools of their own: driverOptions holding a Kysely ' +
        'instance or dialect cannot be shared with them (give tenants plain pg options through ' +
        'connectionFor).',
    );
  }
  return plain as DriverOptions;
}
