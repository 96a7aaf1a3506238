import type { EntityMetadata, EntitySchema } from '@mikro-orm/core';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import {
  TENANT_FILTER,
  TENANT_SCOPE,
  tenantFilter,
  type TenantScopeOptions,
} from './tenant.filter.js';

/**
 * Marks an entity class as tenant-scoped: its rows live in shared tables, each with the tenant
 * id in `property` (default `tenantId`). With {@link withTenantIsolation} in the ORM options,
 * discovery gives the entity the MikroORM filter `tenant` ({@link tenantFilter}: every query
 * is limited to the current tenant, none runs without one) and {@link TenantAssignmentSubscriber}
 * stamps new entities with the tenant and refuses to move them to another tenant. Subclasses
 * inherit the mark.
 *
 * ```ts
 * @TenantScoped()
 * export class Order { id!: string; tenantId!: string; status!: string; }
 * export const OrderSchema = new EntitySchema<Order>({ class: Order, properties: { ... } });
 * ```
 * For an `EntitySchema` / `defineEntity` without a class of its own, use {@link tenantScoped}.
 */
export function TenantScoped(options: TenantScopeOptions = {}): ClassDecorator {
  const scope = { property: options.property ?? 'tenantId' };
  return (target) => {
    Object.defineProperty(target, TENANT_SCOPE, {
      value: scope,
      enumerable: false,
      configurable: true,
    });
  };
}

/**
 * Makes the entity of `schema` (an `EntitySchema`, e.g. from `defineEntity`) tenant-scoped:
 * adds the MikroORM filter `tenant` ({@link tenantFilter}) to its metadata and marks its
 * class, so no ORM-wide hook is needed for the filter. Returns `schema`.
 * @throws MultitenancyConfigurationError when the entity has no such property
 */
export function tenantScoped<S extends Pick<EntitySchema, 'meta'>>(
  schema: S,
  options: TenantScopeOptions = {},
): S {
  const property = options.property ?? 'tenantId';
  const meta = schema.meta as EntityMetadata;
  assertTenantProperty(meta, property);
  meta.filters = { ...meta.filters, [TENANT_FILTER]: tenantFilter({ property }) };
  if (typeof meta.class === 'function') TenantScoped({ property })(meta.class);
  return schema;
}

/**
 * Checks that `meta` maps `property`.
 * @throws MultitenancyConfigurationError when it does not
 */
export function assertTenantProperty(
  meta: Pick<EntityMetadata, 'properties' | 'className'>,
  property: string,
): void {
  if (meta.properties?.[property as keyof typeof meta.properties] === undefined) {
    throw new MultitenancyConfigurationError(
      `Entity ${meta.className} is tenant-scoped by "${property}" but maps no such property: add it (a string column) or pass { property } naming the tenant column.`,
    );
  }
}
