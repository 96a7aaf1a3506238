import {
  currentRequestContext,
  SHARED_STORAGE_TARGET,
  type StorageTarget,
  StorageTargets,
} from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import type { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { Tenant } from '../registry/tenant.js';
import type { TenantDatabasePool } from './tenant-database.pool.js';
import { TenantStorageNotPreparedError } from './tenant-storage-not-prepared.error.js';

/** Key of the storage target of a schema-per-tenant tenant. */
export function schemaTargetKey(schema: string): string {
  return `schema:${schema}`;
}

/** Key of the storage target of a database-per-tenant tenant. */
export function databaseTargetKey(tenantId: string): string {
  return `database:${tenantId}`;
}

/**
 * {@link StorageTargets} read from the tenant registry: shared tenants use the shared target,
 * schema tenants `{ key: 'schema:<schema>', tenantId, schema }`, database tenants
 * `{ key: 'database:<id>', tenantId, connection: <their MikroORM> }` from the
 * {@link TenantDatabasePool}.
 *
 * A tenant's isolation never changes, so what {@link prepare} learnt is cached for the
 * synchronous {@link current}. `current()` never guesses: for a tenant whose target was not
 * prepared it throws `TenantStorageNotPreparedError` rather than fall back to shared tables.
 */
export class RegistryStorageTargets extends StorageTargets {
  private readonly logger = new Logger(RegistryStorageTargets.name);
  private readonly tenants = new Map<string, Tenant>();
  private readonly targets = new Map<string, StorageTarget>();
  private readonly listeners = new Set<(target: StorageTarget) => void>();

  constructor(
    private readonly registry: TenantRegistry,
    private readonly pool: TenantDatabasePool,
  ) {
    super();
  }

  /**
   * Target of the current request context's tenant: shared outside a context, for a context
   * without tenant and for shared tenants.
   * @throws TenantStorageNotPreparedError when the tenant's target was not prepared
   */
  current(): StorageTarget {
    const tenantId = currentRequestContext()?.tenantId;
    if (!tenantId) return SHARED_STORAGE_TARGET;
    const tenant = this.tenants.get(tenantId);
    const target = tenant && this.known(tenant);
    if (!target) throw new TenantStorageNotPreparedError(tenantId);
    return target;
  }

  /**
   * Resolves the target of `tenantId` (connecting its database, for the database tier) and
   * remembers it for {@link current}. Cheap once the tenant is known.
   * @throws UnknownTenantError when the registry has no such tenant
   */
  async prepare(tenantId: string): Promise<StorageTarget> {
    const tenant = this.tenants.get(tenantId) ?? (await this.registry.find(tenantId));
    if (!tenant) throw new UnknownTenantError(tenantId);
    this.tenants.set(tenant.id, tenant);
    if (tenant.isolation === 'database') await this.pool.open(tenant);
    return this.targetOf(tenant);
  }

  /**
   * Every schema and database tenant of the registry (active or suspended: their logs still
   * need processing), ordered by tenant id. Database targets are not connected by listing them:
   * their MikroORM connects on its first query.
   */
  async dedicated(): Promise<readonly StorageTarget[]> {
    const tenants = await this.registry.list();
    const dedicated = tenants.filter((tenant) => tenant.isolation !== 'shared');
    for (const tenant of dedicated) this.tenants.set(tenant.id, tenant);
    return Promise.all(dedicated.map((tenant) => this.targetOf(tenant)));
  }

  /** Calls `listener` with each dedicated target the provisioner adds from now on. */
  onAdded(listener: (target: StorageTarget) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Loads every registered tenant, so {@link current} answers for all of them without a
   * `prepare` (database tenants still need one). Optional: call it at start-up.
   */
  async refresh(): Promise<void> {
    for (const tenant of await this.registry.list()) this.tenants.set(tenant.id, tenant);
  }

  /**
   * Records a tenant that was just provisioned and, for a dedicated one, tells the
   * {@link onAdded} listeners (a failing listener is logged, not rethrown). Returns its target.
   */
  async added(tenant: Tenant): Promise<StorageTarget> {
    this.tenants.set(tenant.id, tenant);
    const target = await this.targetOf(tenant);
    if (tenant.isolation === 'shared') return target;
    for (const listener of [...this.listeners]) {
      try {
        listener(target);
      } catch (error) {
        this.logger.error(`A storage-target listener failed for tenant "${tenant.id}"`, error);
      }
    }
    return target;
  }

  /** The target of `tenant`; a database tenant's MikroORM is created if needed (not connected). */
  async targetOf(tenant: Tenant): Promise<StorageTarget> {
    if (tenant.isolation === 'database') await this.pool.instance(tenant);
    const target = this.known(tenant);
    if (!target) throw new TenantStorageNotPreparedError(tenant.id);
    return target;
  }

  /** The target of `tenant` without I/O, or `undefined` when its database has no ORM yet. */
  private known(tenant: Tenant): StorageTarget | undefined {
    switch (tenant.isolation) {
      case 'shared':
        return SHARED_STORAGE_TARGET;
      case 'schema':
        return this.cached(tenant, () => ({
          key: schemaTargetKey(tenant.schema!),
          tenantId: tenant.id,
          schema: tenant.schema!,
        }));
      case 'database': {
        const orm = this.pool.peek(tenant.id);
        if (!orm) return undefined;
        const cached = this.targets.get(tenant.id);
        if (cached?.connection === orm) return cached;
        this.targets.delete(tenant.id);
        return this.cached(tenant, () => ({
          key: databaseTargetKey(tenant.id),
          tenantId: tenant.id,
          connection: orm,
        }));
      }
    }
  }

  private cached(tenant: Tenant, build: () => StorageTarget): StorageTarget {
    let target = this.targets.get(tenant.id);
    if (!target) {
      target = Object.freeze(build());
      this.targets.set(tenant.id, target);
    }
    return target;
  }
}
