import { ConcurrencyError } from '@cqrs-ddd/core';
import type { AggregateRepository } from '@cqrs-ddd/event-store';
import type { Order } from '../../domain/order.aggregate.js';
import type { OrderWriteResult } from '../order-write-result.js';

/**
 * The shape of every command on an existing order: load it (`NotFoundError` when unknown),
 * refuse a stale `expectedVersion` before judging the change on state the caller never saw,
 * apply the change (domain rules may throw), save under optimistic concurrency.
 */
export async function changeOrder(
  orders: AggregateRepository<Order>,
  orderId: string,
  expectedVersion: number | undefined,
  change: (order: Order) => void,
): Promise<OrderWriteResult> {
  const order = await orders.load(orderId);
  if (expectedVersion !== undefined && expectedVersion !== order.version) {
    throw new ConcurrencyError(orderId, expectedVersion, order.version);
  }
  change(order);
  await orders.save(order, { expectedVersion });
  return { id: order.id, version: order.version };
}
