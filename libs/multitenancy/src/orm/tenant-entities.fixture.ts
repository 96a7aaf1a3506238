// Test fixture (not part of the public API): tenant-scoped entities and repositories.
import { EntityRepository, EntitySchema, type Opt } from '@mikro-orm/core';
import { defineEntity, p } from '@mikro-orm/postgresql';
import { Multitenant, type RepositoryClass } from './multitenant.mixin.js';
import { tenantScoped, TenantScoped } from './tenant-scoped.decorator.js';

/** A tenant-scoped entity class mapped with an `EntitySchema` (scope from the decorator). */
@TenantScoped()
export class Order {
  id!: string;
  tenantId!: Opt<string>;
  status!: string;
  amount!: number;
}

export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'orders',
  properties: {
    id: { type: 'string', primary: true },
    tenantId: { type: 'string' },
    status: { type: 'string' },
    amount: { type: 'integer' },
  },
});

/** A `defineEntity` entity, tenant-scoped by its `org` property with `tenantScoped()`. */
export const Invoice = tenantScoped(
  defineEntity({
    name: 'Invoice',
    tableName: 'invoices',
    properties: {
      id: p.string().primary(),
      org: p.string().$type<Opt<string>>(),
      total: p.integer(),
    },
  }),
  { property: 'org' },
);

/** A shared entity (not tenant-scoped): no filter, no stamping. */
export const Currency = defineEntity({
  name: 'Currency',
  tableName: 'currencies',
  properties: { code: p.string().primary() },
});

/** The example. */
export class OrderRepository extends Multitenant(EntityRepository<Order>) {}

/** A second trivial mixin: counts the `find` calls that reach it. */
export function CountingReads<TBase extends RepositoryClass>(
  Base: TBase,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin constructor shape
): TBase & (abstract new (...args: any[]) => { reads: number }) {
  abstract class CountingReadsRepository extends Base {
    reads = 0;

    /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- overrides a generic method */
    override async find(where: any, options?: any): Promise<any> {
      this.reads += 1;
      return super.find(where, options);
    }
  }
  return CountingReadsRepository;
}

/** Both mixins, in both orders. */
export class CountedOrderRepository extends Multitenant(CountingReads(EntityRepository<Order>)) {}
export class OuterCountedOrderRepository extends CountingReads(
  Multitenant(EntityRepository<Order>),
) {}
