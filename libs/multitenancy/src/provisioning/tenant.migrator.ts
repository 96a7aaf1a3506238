import type { StorageTarget } from '@cqrs-ddd/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Tenant } from '../registry/tenant.js';

/** Where a {@link TenantMigrator} creates or updates a tenant's tables. */
export interface TenantMigrationTarget {
  /** The tenant (during provisioning: not registered yet). */
  readonly tenant: Tenant;
  /**
   * MikroORM of the target's database: the application's for the schema tier, the tenant's own
   * for the database tier (migrations that need the ORM, e.g. `migrateEventStore(orm, ...)`).
   */
  readonly orm: MikroORM;
  /** A fresh fork of `orm.em`, free of any request or transaction context. */
  readonly em: EntityManager;
  /**
   * The tenant's schema (schema tier): create the tables there. Absent for the database tier:
   * use each store's usual schema inside the tenant's database.
   */
  readonly schema?: string;
  /** The tenant's storage target (what `StorageTargets` answers for it). */
  readonly target: StorageTarget;
}

/**
 * Creates or updates the tables of one tenant's schema or database. The application registers
 * one per store that keeps per-tenant tables (the event store's and the projections' migrations,
 * its own...): `provisioner.addMigrator(({ orm, schema }) => migrateEventStore(orm, { schema }))`.
 * Migrators run in registration order, when a tenant is provisioned and on
 * `TenantProvisioner.migrateAll()`, so they must be idempotent.
 */
export type TenantMigrator = (target: TenantMigrationTarget) => Promise<unknown>;
