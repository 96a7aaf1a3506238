import { Utils, type EntityMetadata } from '@mikro-orm/core';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';

type Dictionary = Record<string, unknown>;

/**
 * `where` (an object condition, a primary key, a list of primary keys or an entity) limited to
 * rows of `tenant`: `{ $and: [where, { [property]: tenant }] }`. A condition naming another
 * tenant then matches nothing.
 */
export function tenantWhere(
  where: unknown,
  meta: EntityMetadata,
  property: string,
  tenant: string,
): Dictionary {
  const condition = { [property]: tenant };
  if (where === undefined || where === null) return condition;
  if (Utils.isPlainObject(where)) {
    return Utils.hasObjectKeys(where) ? { $and: [where, condition] } : condition;
  }
  const primaryKey = Utils.getPrimaryKeyHash(meta.primaryKeys);
  if (Array.isArray(where) && !Utils.isPrimaryKey(where, meta.compositePK)) {
    return { $and: [{ [primaryKey]: { $in: where } }, condition] };
  }
  if (Utils.isPrimaryKey(where, meta.compositePK) || Utils.isEntity(where, true)) {
    return { $and: [{ [primaryKey]: where }, condition] };
  }
  return { $and: [where, condition] };
}

/**
 * `data` for a new row of `tenant`: a copy with the tenant set when it has none; an entity
 * instance is changed in place.
 * @throws TenantMismatchError when `data` names another tenant
 */
export function withTenant<T>(data: T, property: string, tenant: string): T {
  const current = (data as Dictionary | undefined)?.[property];
  if (current !== undefined && current !== null) {
    if (current !== tenant) throw new TenantMismatchError(tenant, String(current));
    return data;
  }
  if (Utils.isEntity(data)) {
    (data as Dictionary)[property] = tenant;
    return data;
  }
  return { ...(data as Dictionary), [property]: tenant } as T;
}

/**
 * Checks that update `data` does not move rows to another tenant.
 * @throws TenantMismatchError when it sets the tenant property to another tenant
 */
export function checkTenantUnchanged(data: unknown, property: string, tenant: string): void {
  if (typeof data !== 'object' || data === null || !(property in data)) return;
  const value = (data as Dictionary)[property];
  if (value !== tenant) throw new TenantMismatchError(tenant, String(value));
}
