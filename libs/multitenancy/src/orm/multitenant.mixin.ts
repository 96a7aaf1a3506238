/* eslint-disable @typescript-eslint/no-explicit-any -- the mixin overrides the generic methods of whatever repository class it extends; callers keep the base class's own types */
import type { EntityMetadata, EntityRepository } from '@mikro-orm/core';
import { assertUpserted, runScopedUpsert } from './tenant-upsert.js';
import { assertTenantProperty } from './tenant-scoped.decorator.js';
import { checkTenantUnchanged, tenantWhere, withTenant } from './tenant-where.js';
import { requireCurrentTenant, tenantPropertyOf } from './tenant.filter.js';

/** A repository class a mixin can extend (`EntityRepository<T>` or a subclass, also abstract). */
export type RepositoryClass = abstract new (...args: any[]) => EntityRepository<any>;

/** Options of {@link Multitenant}. */
export interface MultitenantOptions {
  /**
   * Entity property holding the tenant id.
   * @default the property of the entity's tenant scope ({@link TenantScoped}), else 'tenantId'
   */
  readonly property?: string;
}

/**
 * Class mixin that limits a MikroORM repository to the current tenant's rows, explicitly
 * (also with the `tenant` filter turned off):
 * - reads (`find`, `findOne`, `findOneOrFail`, `findAll`, `findAndCount`, `findByCursor`,
 *   `stream`, `count`, `countBy`) add `{ [property]: tenant }` to their condition — another
 *   tenant's id reads as not found;
 * - `nativeUpdate` / `nativeDelete` only touch the tenant's rows, and updates may not set
 *   another tenant;
 * - `create`, `insert`, `insertMany`, `upsert`, `upsertMany` set the tenant (refusing data of
 *   another tenant); an upsert only ever updates the tenant's own rows (`onConflictWhere`),
 *   and one whose key belongs to another tenant's row throws `TenantIsolationError` (that row
 *   is left as it was).
 * Every one of them throws `TenantRequiredError` without a tenant, before any query.
 *
 * Composes with other mixins; the resulting class keeps the base class's (entity-typed) API:
 * ```ts
 * class OrderRepository extends Multitenant(EntityRepository<Order>) {}
 * class CachedOrders extends Multitenant(Cached(EntityRepository<Order>)) {}
 * ```
 * Not covered: `getReference`, `merge`, `map` and `populate` run no tenant query of their own
 * (loading a reference goes through the `tenant` filter).
 */
export function Multitenant<TBase extends RepositoryClass>(
  Base: TBase,
  options: MultitenantOptions = {},
): TBase {
  abstract class MultitenantRepository extends Base {
    override async findOne(where: any, findOptions?: any): Promise<any> {
      return super.findOne(this.scope('findOne', where).where, findOptions);
    }

    override async findOneOrFail(where: any, findOptions?: any): Promise<any> {
      return super.findOneOrFail(this.scope('findOneOrFail', where).where, findOptions);
    }

    override async find(where: any, findOptions?: any): Promise<any> {
      return super.find(this.scope('find', where).where, findOptions);
    }

    override async findAndCount(where: any, findOptions?: any): Promise<any> {
      return super.findAndCount(this.scope('findAndCount', where).where, findOptions);
    }

    override async findAll(findOptions?: any): Promise<any> {
      return super.findAll({
        ...findOptions,
        where: this.scope('findAll', findOptions?.where).where,
      });
    }

    override async findByCursor(findOptions: any): Promise<any> {
      return super.findByCursor({
        ...findOptions,
        where: this.scope('findByCursor', findOptions?.where).where,
      });
    }

    override async *stream(findOptions?: any): AsyncIterableIterator<any> {
      const where = this.scope('stream', findOptions?.where).where;
      yield* super.stream({ ...findOptions, where });
    }

    override async count(where: any = {}, countOptions: any = {}): Promise<number> {
      return super.count(this.scope('count', where).where, countOptions);
    }

    override async countBy(groupBy: any, countOptions?: any): Promise<any> {
      return super.countBy(groupBy, {
        ...countOptions,
        where: this.scope('countBy', countOptions?.where).where,
      });
    }

    override async nativeUpdate(where: any, data: any, updateOptions?: any): Promise<number> {
      const { where: scoped, property, tenant } = this.scope('nativeUpdate', where);
      checkTenantUnchanged(data, property, tenant);
      return super.nativeUpdate(scoped, data, updateOptions);
    }

    override async nativeDelete(where: any, deleteOptions?: any): Promise<number> {
      return super.nativeDelete(this.scope('nativeDelete', where).where, deleteOptions);
    }

    override create(data: any, createOptions?: any): any {
      const { property, tenant } = this.scope('create');
      return super.create(withTenant(data, property, tenant), createOptions);
    }

    override async insert(data: any, insertOptions?: any): Promise<any> {
      const { property, tenant } = this.scope('insert');
      return super.insert(withTenant(data, property, tenant), insertOptions);
    }

    override async insertMany(data: any[], insertOptions?: any): Promise<any> {
      const { property, tenant } = this.scope('insertMany');
      return super.insertMany(
        data.map((row) => withTenant(row, property, tenant)),
        insertOptions,
      );
    }

    override async upsert(data?: any, upsertOptions?: any): Promise<any> {
      const {
        where: onConflictWhere,
        property,
        tenant,
      } = this.scope('upsert', upsertOptions?.onConflictWhere);
      const row = withTenant(data, property, tenant);
      const entity = await runScopedUpsert(() =>
        super.upsert(row, { ...upsertOptions, onConflictWhere }),
      );
      await assertUpserted(this.getEntityManager(), this.entityName, [entity], property, tenant);
      return entity;
    }

    override async upsertMany(data?: any[], upsertOptions?: any): Promise<any> {
      const {
        where: onConflictWhere,
        property,
        tenant,
      } = this.scope('upsertMany', upsertOptions?.onConflictWhere);
      const rows = (data ?? []).map((row) => withTenant(row, property, tenant));
      const entities = await runScopedUpsert(() =>
        super.upsertMany(rows, { ...upsertOptions, onConflictWhere }),
      );
      await assertUpserted(this.getEntityManager(), this.entityName, entities, property, tenant);
      return entities;
    }

    /** The tenant, the tenant property and `where` limited to the tenant (throws without a tenant). */
    private scope(
      method: string,
      where?: unknown,
    ): { where: any; property: string; tenant: string } {
      const meta = this.getEntityManager().getMetadata().get(this.entityName) as EntityMetadata;
      const property = options.property ?? tenantPropertyOf(meta) ?? 'tenantId';
      assertTenantProperty(meta, property);
      const tenant = requireCurrentTenant(`${meta.className}Repository.${method}`);
      return { where: tenantWhere(where, meta, property, tenant), property, tenant };
    }
  }
  return MultitenantRepository as unknown as TBase;
}
