import type { Clock } from '@cqrs-ddd/core';
import type { MikroORM, Options } from '@mikro-orm/postgresql';
import type { Tenant } from '../registry/tenant.js';

/** MikroORM options of one tenant database, or a promise of them. */
export type TenantConnectionOptions = Partial<Options> | Promise<Partial<Options>>;

/** A repeating timer, as started by {@link TenantDatabasePoolOptions.every}. */
export interface PoolTimer {
  /** Stops the timer. */
  stop(): void;
}

/** Options of the {@link TenantDatabasePool}. */
export interface TenantDatabasePoolOptions {
  /**
   * MikroORM options shared by every tenant database: usually the application's own,
   * `orm.config.getAll()` (entities, naming, logging, credentials...). The connection target
   * comes from {@link connectionFor}; the pool always sets `contextName: 'tenant:<id>'`,
   * `pool.max` ({@link poolSize}) and `ensureDatabase: false` itself.
   * @default {} (MikroORM defaults, PostgreSQL driver, no entities)
   */
  readonly baseOptions?: Partial<Options>;
  /**
   * Connection options of a tenant, merged over {@link baseOptions}. Override it to resolve
   * credentials at run time (a secret store) instead of keeping them in the registry.
   * @default the tenant's `databaseUrl` (`clientUrl`, host, port, database; user and password
   * only when the URL has them, otherwise the base options' ones)
   */
  readonly connectionFor?: (tenant: Tenant) => TenantConnectionOptions;
  /**
   * How many tenant databases may be open (connected) at once. Opening one more closes the
   * least recently used idle one; when all are busy, the opener waits up to
   * {@link acquireTimeoutMs} for one to become idle.
   * @default 20
   */
  readonly maxOpen?: number;
  /**
   * Maximum connections of each tenant database's own connection pool.
   * @default 5
   */
  readonly poolSize?: number;
  /**
   * An open tenant database unused for this long (and idle) is closed by a background sweep.
   * @default 300_000 (5 minutes)
   */
  readonly idleTimeoutMs?: number;
  /**
   * How long opening a database waits for a slot when `maxOpen` databases are open and all of
   * them are busy, before failing with `TenantDatabasePoolExhaustedError`.
   * @default 10_000
   */
  readonly acquireTimeoutMs?: number;
  /**
   * Time source of the idle bookkeeping.
   * @default SystemClock
   */
  readonly clock?: Clock;
  /**
   * Starts the idle sweep: calls `tick` every `ms` milliseconds. Replace it in tests to drive the
   * sweep by hand.
   * @default an unref'ed `setInterval` (never keeps the process alive)
   */
  readonly every?: (ms: number, tick: () => void) => PoolTimer;
  /**
   * Creates a tenant's MikroORM instance from its options (without connecting).
   * @default `MikroORM.init` of `@mikro-orm/postgresql`
   */
  readonly init?: (options: Options) => Promise<MikroORM>;
}

/** Default of {@link TenantDatabasePoolOptions.maxOpen}. */
export const DEFAULT_TENANT_DATABASES_MAX_OPEN = 20;
/** Default of {@link TenantDatabasePoolOptions.poolSize}. */
export const DEFAULT_TENANT_DATABASE_POOL_SIZE = 5;
/** Default of {@link TenantDatabasePoolOptions.idleTimeoutMs}. */
export const DEFAULT_TENANT_DATABASE_IDLE_TIMEOUT_MS = 300_000;
/** Default of {@link TenantDatabasePoolOptions.acquireTimeoutMs}. */
export const DEFAULT_TENANT_DATABASE_ACQUIRE_TIMEOUT_MS = 10_000;

/** MikroORM `contextName` of a tenant database: its forks never replace the app's context. */
export function tenantContextName(tenantId: string): string {
  return `tenant:${tenantId}`;
}

/** The default {@link TenantDatabasePoolOptions.every}: an unref'ed interval. */
export function unrefInterval(ms: number, tick: () => void): PoolTimer {
  const timer = setInterval(tick, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * The default {@link TenantDatabasePoolOptions.connectionFor}: the tenant's `databaseUrl`, split
 * into the fields MikroORM would otherwise take from the base options (a base `dbName` wins over
 * `clientUrl` in MikroORM, so it must be replaced). A URL without port means 5432.
 */
export function connectionFromDatabaseUrl(tenant: Tenant): Partial<Options> {
  if (!tenant.databaseUrl) {
    throw new TypeError(
      `Tenant "${tenant.id}" has no databaseUrl (isolation: ${tenant.isolation}).`,
    );
  }
  const url = new URL(tenant.databaseUrl);
  return {
    clientUrl: tenant.databaseUrl,
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    dbName: decodeURIComponent(url.pathname.replace(/^\//, '')),
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}
