import { ResourceLoader, type ResourceAttributesLoader } from '@cqrs-ddd/access-control';
import { isNotFoundError } from '@cqrs-ddd/core';
import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { Order } from '../orders/domain/order.aggregate.js';
import { ORDER_RESOURCE } from './order-access.rules.js';

/**
 * The attributes ABAC policies judge an order by (`customerId`, `status`, `total`), read from
 * the event store — not the eventually consistent read model — so a command is judged on the
 * order as it is. Only called when a policy's condition applies to the caller.
 */
@ResourceLoader(ORDER_RESOURCE)
export class OrderResourceLoader implements ResourceAttributesLoader {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
  ) {}

  /** The order's attributes, or `undefined` when there is no such order (404). */
  async load(id: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    try {
      const order = await this.orders.load(id);
      return { customerId: order.customerId, status: order.status, total: order.total.cents / 100 };
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }
}
