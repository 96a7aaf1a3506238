import { currentRequestContext } from '@cqrs-ddd/core';
import type { EntityMetadata, FilterDef } from '@mikro-orm/core';
import { TenantRequiredError } from '../errors/tenant-required.error.js';

/** Name of the MikroORM filter that limits tenant-scoped entities to the current tenant. */
export const TENANT_FILTER = 'tenant';

/** Options of a tenant-scoped entity. */
export interface TenantScopeOptions {
  /**
   * Entity property holding the tenant id (a string column the entity maps).
   * @default 'tenantId'
   */
  readonly property?: string;
}

/** Tenant property of each filter condition made by {@link tenantFilter}. */
const filterProperties = new WeakMap<object, string>();

const VERBS: Record<string, string> = { read: 'Reading', update: 'Updating', delete: 'Deleting' };

/**
 * The current tenant id (the request context's).
 * @throws TenantRequiredError when there is none
 */
export function requireCurrentTenant(operation: string): string {
  const tenantId = currentRequestContext()?.tenantId;
  if (tenantId === undefined || tenantId === '') throw new TenantRequiredError(operation);
  return tenantId;
}

/**
 * The MikroORM filter `tenant` (enabled by default): `{ [property]: current tenant }`, applied
 * by MikroORM to `em.find`/`findOne`/`count`/`nativeUpdate`/`nativeDelete`... of the entity
 * (and to relations, with `filtersOnRelations`). Without a tenant the query throws
 * `TenantRequiredError` and does not run. Platform jobs turn it off per call with
 * `{ filters: { tenant: false } }` — dangerous: the call then spans every tenant.
 *
 * {@link TenantScoped} / {@link tenantScoped} register it; use it directly in hand-written
 * metadata (`filters: { tenant: tenantFilter() }`).
 */
export function tenantFilter(options: TenantScopeOptions = {}): FilterDef {
  const property = options.property ?? 'tenantId';
  const cond = (
    _args: unknown,
    type: string,
    _em: unknown,
    _options: unknown,
    entityName?: string,
  ) => ({
    [property]: requireCurrentTenant(
      `${VERBS[type] ?? type} ${entityName ?? 'a tenant-scoped entity'}`,
    ),
  });
  filterProperties.set(cond, property);
  return { name: TENANT_FILTER, cond, default: true, args: false };
}

/** Marker a {@link TenantScoped} class carries (inherited by subclasses). */
export const TENANT_SCOPE: unique symbol = Symbol.for('cqrs-ddd:multitenancy:tenant-scope');

/**
 * The tenant property of a tenant-scoped entity (its `tenant` filter made by
 * {@link tenantFilter}, or its {@link TenantScoped} class), or `undefined` when the entity is
 * not tenant-scoped.
 */
export function tenantPropertyOf(
  meta: Pick<EntityMetadata, 'filters' | 'class'> | undefined,
): string | undefined {
  const cond = meta?.filters?.[TENANT_FILTER]?.cond;
  const fromFilter = typeof cond === 'function' ? filterProperties.get(cond) : undefined;
  return fromFilter ?? tenantScopeOfClass(meta?.class)?.property;
}

/** The {@link TenantScopeOptions} a {@link TenantScoped} class was given, or `undefined`. */
export function tenantScopeOfClass(target: unknown): Required<TenantScopeOptions> | undefined {
  if (typeof target !== 'function') return undefined;
  return (target as unknown as Record<symbol, Required<TenantScopeOptions> | undefined>)[
    TENANT_SCOPE
  ];
}
