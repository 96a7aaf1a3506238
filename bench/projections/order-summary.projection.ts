/**
 * The projection the benchmarks run: an order summary like the reference app's, one document
 * per order. `order.created` upserts the document; `order.item-added` reads it, adds the item
 * and writes it back (read-modify-write). The fold itself ({@link orderSummaryAfter}) is shared
 * with the raw baselines, which pre-compute the same documents outside the timed part.
 */
import 'reflect-metadata';
import type { ProjectionHandlerContext, ReadModelDocument, StoredEvent } from '@cqrs-ddd/core';
import { On, Projection } from '@cqrs-ddd/projections';

/** Stored type of the event that opens an order. */
export const ORDER_CREATED = 'order.created';
/** Stored type of the event that adds a line to an order. */
export const ITEM_ADDED = 'order.item-added';

/** Data of `order.created`. */
export interface OrderCreatedData {
  readonly customerId: string;
}

/** Data of `order.item-added`. */
export interface ItemAddedData {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** The read model: one order's summary. */
export interface OrderSummary extends ReadModelDocument {
  readonly customerId: string;
  readonly status: 'pending';
  readonly items: readonly ItemAddedData[];
  readonly total: number;
  readonly itemCount: number;
  readonly version: number;
  readonly updatedAt: string;
}

/**
 * The summary after `event`, from the summary before it (`undefined`: none yet). Returns
 * `undefined` for an item added to an unknown order.
 */
export function orderSummaryAfter(
  previous: OrderSummary | undefined,
  event: StoredEvent,
): OrderSummary | undefined {
  const stamp = { version: event.streamVersion, updatedAt: event.occurredAt };
  if (event.type === ORDER_CREATED) {
    const { customerId } = event.data as unknown as OrderCreatedData;
    const empty = { items: [], total: 0, itemCount: 0 };
    return { id: event.streamId, customerId, status: 'pending', ...empty, ...stamp };
  }
  if (!previous) return undefined;
  const item = event.data as unknown as ItemAddedData;
  return {
    ...previous,
    items: [...previous.items, item],
    total: Math.round((previous.total + item.quantity * item.unitPrice) * 100) / 100,
    itemCount: previous.itemCount + item.quantity,
    ...stamp,
  };
}

type Context = ProjectionHandlerContext<OrderSummary>;

/** `@Projection` class run by the processor engine in every benchmark. */
@Projection({ name: 'bench-order-summary', version: 1, collection: 'order_summary' })
export class OrderSummaryProjection {
  @On(ORDER_CREATED)
  async created(event: StoredEvent, { collection, at }: Context): Promise<void> {
    await collection.upsert(orderSummaryAfter(undefined, event)!, at);
  }

  @On(ITEM_ADDED)
  async itemAdded(event: StoredEvent, { collection, at }: Context): Promise<void> {
    const next = orderSummaryAfter(await collection.get(event.streamId), event);
    if (next) await collection.upsert(next, at);
  }
}
