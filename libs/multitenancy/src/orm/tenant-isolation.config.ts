import type { EntityMetadata, Options, Platform } from '@mikro-orm/core';
import { TenantAssignmentSubscriber } from './tenant-assignment.subscriber.js';
import { assertTenantProperty } from './tenant-scoped.decorator.js';
import { TENANT_FILTER, tenantFilter, tenantScopeOfClass } from './tenant.filter.js';

/** The part of the MikroORM options {@link withTenantIsolation} extends. */
export type TenantIsolationOrmOptions = Partial<Pick<Options, 'discovery' | 'subscribers'>>;

/**
 * MikroORM options with tenant isolation for shared tables:
 * - `discovery.onMetadata` gives every {@link TenantScoped} entity the filter `tenant`
 *   ({@link tenantFilter}) and checks it maps the tenant property (after any `onMetadata`
 *   hook already in `options`);
 * - a {@link TenantAssignmentSubscriber} joins `subscribers` (unless one is there).
 *
 * ```ts
 * MikroORM.init(withTenantIsolation({ clientUrl, entities: [OrderSchema] }));
 * ```
 */
export function withTenantIsolation<O extends object>(
  options: O,
): O & Required<TenantIsolationOrmOptions> {
  // (A generic bound to the all-optional TenantIsolationOrmOptions would reject any literal
  // without `discovery`/`subscribers` as having "no properties in common".)
  const given = options as TenantIsolationOrmOptions;
  const previous = given.discovery?.onMetadata;
  const subscribers = [...(given.subscribers ?? [])];
  const hasSubscriber = subscribers.some(
    (subscriber) =>
      subscriber === TenantAssignmentSubscriber || subscriber instanceof TenantAssignmentSubscriber,
  );
  return {
    ...options,
    discovery: {
      ...given.discovery,
      // Synchronous unless the hook before it is not (`MikroORM.initSync` does not wait).
      onMetadata: (meta: EntityMetadata, platform: Platform) => {
        const before = previous?.(meta, platform);
        if (before instanceof Promise) return before.then(() => applyTenantScope(meta));
        applyTenantScope(meta);
      },
    },
    subscribers: hasSubscriber ? subscribers : [...subscribers, new TenantAssignmentSubscriber()],
  };
}

/**
 * Gives the metadata of a {@link TenantScoped} class the filter `tenant` (an explicit
 * `tenant` filter of its own wins). Does nothing for other entities.
 * @throws MultitenancyConfigurationError when the entity does not map the tenant property
 */
export function applyTenantScope(meta: EntityMetadata): void {
  const scope = tenantScopeOfClass(meta.class);
  if (scope === undefined) return;
  // A subclass (single-table inheritance) maps the property through its parent.
  if (meta.extends === undefined) assertTenantProperty(meta, scope.property);
  meta.filters = { [TENANT_FILTER]: tenantFilter(scope), ...meta.filters };
}
