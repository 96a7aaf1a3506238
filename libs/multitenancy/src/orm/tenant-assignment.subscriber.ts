import { currentRequestContext } from '@cqrs-ddd/core';
import type { EntityMetadata, EventArgs, EventSubscriber } from '@mikro-orm/core';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { assertScopedUpsert } from './tenant-upsert.js';
import { requireCurrentTenant, tenantPropertyOf } from './tenant.filter.js';

type Entity = Record<string, unknown>;

/**
 * MikroORM subscriber that guards the tenant column of tenant-scoped entities
 * ({@link TenantScoped}, {@link tenantScoped}) at flush and upsert time:
 * - a new entity gets the current tenant (`TenantRequiredError` without one, nothing is
 *   inserted), and one that names another tenant is refused (`TenantMismatchError`);
 * - `em.upsert` / `em.upsertMany` are refused (`TenantIsolationError`) unless a
 *   `Multitenant()` repository runs them: MikroORM applies no filter to their conflict update;
 * - an update may not change the tenant (`TenantMismatchError`); inside a tenant's context an
 *   entity of another tenant can be neither updated nor deleted (`TenantMismatchError`).
 *   Without a tenant (platform jobs with the `tenant` filter off) updates and deletes of other
 *   columns pass.
 *
 * {@link withTenantIsolation} registers it; or add it to `subscribers` yourself.
 */
export class TenantAssignmentSubscriber implements EventSubscriber {
  /** Stamps (or checks) the tenant of a new entity. */
  beforeCreate(args: EventArgs<Entity>): void {
    this.assign(args.entity, args.meta, 'Creating');
  }

  /**
   * Refuses `em.upsert` of a tenant-scoped entity outside a `Multitenant()` repository (whose
   * upsert only updates the tenant's rows), then stamps (or checks) the tenant.
   */
  beforeUpsert(args: EventArgs<Entity>): void {
    if (tenantPropertyOf(args.meta) === undefined) return;
    assertScopedUpsert(args.meta.className);
    this.assign(args.entity, args.meta, 'Upserting');
  }

  /** Refuses to change the tenant, or to update another tenant's entity. */
  beforeUpdate({ entity, meta, changeSet }: EventArgs<Entity>): void {
    const property = tenantPropertyOf(meta);
    if (property === undefined) return;
    const original = changeSet?.originalEntity?.[property] as string | undefined;
    if (
      changeSet !== undefined &&
      property in changeSet.payload &&
      changeSet.payload[property] !== original
    ) {
      throw new TenantMismatchError(String(original), String(changeSet.payload[property]));
    }
    this.checkOwner(original ?? (entity[property] as string | undefined));
  }

  /** Refuses to delete another tenant's entity. */
  beforeDelete({ entity, meta, changeSet }: EventArgs<Entity>): void {
    const property = tenantPropertyOf(meta);
    if (property === undefined) return;
    this.checkOwner(
      (changeSet?.originalEntity?.[property] ?? entity[property]) as string | undefined,
    );
  }

  private assign(entity: Entity, meta: EntityMetadata<Entity>, verb: string): void {
    const property = tenantPropertyOf(meta);
    if (property === undefined) return;
    const tenant = requireCurrentTenant(`${verb} ${meta.className}`);
    const current = entity[property];
    if (current === undefined || current === null) entity[property] = tenant;
    else if (current !== tenant) throw new TenantMismatchError(tenant, String(current));
  }

  private checkOwner(owner: string | undefined): void {
    const tenant = currentRequestContext()?.tenantId;
    if (tenant !== undefined && owner !== undefined && owner !== tenant) {
      throw new TenantMismatchError(tenant, owner);
    }
  }
}
