import { Utils, type EntityManager, type EntityName } from '@mikro-orm/core';
import { AsyncLocalStorage } from 'node:async_hooks';
import { TenantIsolationError } from '../errors/tenant-isolation.error.js';

/** Set while a {@link Multitenant} repository runs an upsert limited to the tenant. */
const scopedUpserts = new AsyncLocalStorage<true>();

/** Runs `upsert`, an upsert limited to the tenant's rows (`onConflictWhere`). */
export function runScopedUpsert<T>(upsert: () => Promise<T>): Promise<T> {
  return scopedUpserts.run(true, upsert);
}

/**
 * Refuses an upsert of a tenant-scoped entity that is not limited to the tenant: MikroORM
 * applies no filter to `em.upsert`, so its `ON CONFLICT ... DO UPDATE` would overwrite (and
 * move into the caller's tenant) another tenant's row with the same key.
 * @throws TenantIsolationError outside {@link runScopedUpsert}
 */
export function assertScopedUpsert(className: string): void {
  if (scopedUpserts.getStore() === true) return;
  throw new TenantIsolationError(
    `em.upsert of the tenant-scoped ${className} (its conflict update could overwrite another tenant's row): use the upsert of a Multitenant() repository instead`,
  );
}

/**
 * Checks that the rows an upsert limited by `onConflictWhere: { [property]: tenant }` returned
 * are the tenant's: when a key belonged to another tenant's row, PostgreSQL updated nothing and
 * MikroORM still hands back an entity built from the given data. Such entities leave the
 * identity map and the upsert fails.
 * @throws TenantIsolationError when an upserted key belongs to another tenant
 */
export async function assertUpserted(
  em: EntityManager,
  entityName: EntityName<object>,
  entities: object[],
  property: string,
  tenant: string,
): Promise<void> {
  if (entities.length === 0) return;
  const meta = em.getMetadata().get(entityName);
  const keys = entities.map((entity) => Utils.getPrimaryKeyCond(entity, meta.primaryKeys));
  const found = await em.count(
    entityName,
    { $and: [{ $or: keys }, { [property]: tenant }] },
    { filters: false, connectionType: 'write' },
  );
  if (found === entities.length) return;
  for (const entity of entities) em.getUnitOfWork().unsetIdentity(entity);
  throw new TenantIsolationError(
    `An upsert of ${meta.className} whose key belongs to another tenant's row`,
  );
}
