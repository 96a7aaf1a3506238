import type { ProjectionHandlerContext, StoredEvent } from '@cqrs-ddd/core';
import { On, Projection } from '@cqrs-ddd/projections';
import type { OrderStatus } from '../domain/order-status.js';
import { OrderCancelled } from '../events/order-cancelled.event.js';
import { OrderConfirmed } from '../events/order-confirmed.event.js';
import { OrderCreated } from '../events/order-created.event.js';
import { OrderItemAdded } from '../events/order-item-added.event.js';
import { OrderItemRemoved } from '../events/order-item-removed.event.js';
import { OrderShipped } from '../events/order-shipped.event.js';
import {
  ORDER_SUMMARY_COLLECTION,
  type OrderSummary,
  type OrderSummaryItem,
} from './order-summary.js';

type Context = ProjectionHandlerContext<OrderSummary>;

/**
 * How each Order event changes its `OrderSummary`: a projection the projections module runs on
 * a checkpointed processor. Every write carries the event's log position and the store ignores
 * a write not newer than the document's last one, so replays change nothing.
 */
@Projection({ name: 'order-summary', version: 1, collection: ORDER_SUMMARY_COLLECTION })
export class OrderSummaryProjection {
  /** A new, empty, pending summary. */
  @On(OrderCreated)
  async created(event: StoredEvent, { collection, at }: Context): Promise<void> {
    const data = event.data as Readonly<OrderCreated>;
    await collection.upsert(
      {
        id: event.streamId,
        customerId: data.customerId,
        status: 'pending',
        items: [],
        total: 0,
        itemCount: 0,
        version: event.streamVersion,
        createdAt: event.occurredAt,
        updatedAt: event.occurredAt,
      },
      at,
    );
  }

  /** Adds the quantity to the product's line, or a new line. */
  @On(OrderItemAdded)
  async itemAdded(event: StoredEvent, { collection, at }: Context): Promise<void> {
    const data = event.data as Readonly<OrderItemAdded>;
    const unitPrice = data.unitPriceCents / 100;
    await collection.update(
      event.streamId,
      (summary) => {
        const existing = summary.items.find((item) => item.productId === data.productId);
        const items = existing
          ? summary.items.map((item) =>
              item === existing ? { ...item, quantity: item.quantity + data.quantity } : item,
            )
          : [...summary.items, { productId: data.productId, quantity: data.quantity, unitPrice }];
        return withItems(summary, items, event);
      },
      at,
    );
  }

  /** Removes the product's line. */
  @On(OrderItemRemoved)
  async itemRemoved(event: StoredEvent, { collection, at }: Context): Promise<void> {
    const data = event.data as Readonly<OrderItemRemoved>;
    await collection.update(
      event.streamId,
      (summary) =>
        withItems(
          summary,
          summary.items.filter((item) => item.productId !== data.productId),
          event,
        ),
      at,
    );
  }

  /** Status `confirmed`. */
  @On(OrderConfirmed)
  confirmed(event: StoredEvent, context: Context): Promise<void> {
    return changeStatus(event, context, 'confirmed');
  }

  /** Status `cancelled`. */
  @On(OrderCancelled)
  cancelled(event: StoredEvent, context: Context): Promise<void> {
    return changeStatus(event, context, 'cancelled');
  }

  /** Shipping is not part of the summary yet, but the version moves on (read-your-writes). */
  @On(OrderShipped)
  shipped(event: StoredEvent, context: Context): Promise<void> {
    return changeStatus(event, context, undefined);
  }
}

function withItems(
  summary: OrderSummary,
  items: readonly OrderSummaryItem[],
  event: StoredEvent,
): OrderSummary {
  // Summed in whole cents: adding decimal amounts in floating point drifts (0.1 + 0.2).
  const cents = items.reduce(
    (sum, item) => sum + item.quantity * Math.round(item.unitPrice * 100),
    0,
  );
  return {
    ...summary,
    items,
    total: cents / 100,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    version: event.streamVersion,
    updatedAt: event.occurredAt,
  };
}

async function changeStatus(
  event: StoredEvent,
  { collection, at }: Context,
  status: OrderStatus | undefined,
): Promise<void> {
  await collection.update(
    event.streamId,
    (summary) => ({
      ...summary,
      ...(status === undefined ? {} : { status }),
      version: event.streamVersion,
      updatedAt: event.occurredAt,
    }),
    at,
  );
}
