import type { ReadModelCollection, ReadModelWriteOptions, StoredEvent } from '@cqrs-ddd/core';
import type { OrderCreated } from '../events/order-created.event.js';
import type { OrderItemAdded } from '../events/order-item-added.event.js';
import type { OrderItemRemoved } from '../events/order-item-removed.event.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderSummary, OrderSummaryItem } from './order-summary.js';

/** What a projection handler writes to: the event tenant's collection, at the event's position. */
export interface OrderSummaryProjectionContext {
  readonly collection: ReadModelCollection<OrderSummary>;
  /** `{ position }` of the event: every write carries it, so replays change nothing. */
  readonly at: ReadModelWriteOptions;
}

/** Applies one stored (and upcast) event to the read model. */
export type OrderSummaryEventHandler = (
  event: StoredEvent,
  context: OrderSummaryProjectionContext,
) => Promise<void>;

/**
 * How each Order event changes its `OrderSummary`, by stored event type. Writes are idempotent
 * by log position (the store ignores a write not newer than the document's last one).
 */
export const orderSummaryProjection: Readonly<Record<string, OrderSummaryEventHandler>> = {
  'order.created': async (event, { collection, at }) => {
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
  },
  'order.item-added': async (event, { collection, at }) => {
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
  },
  'order.item-removed': async (event, { collection, at }) => {
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
  },
  'order.confirmed': (event, context) => changeStatus(event, context, 'confirmed'),
  'order.cancelled': (event, context) => changeStatus(event, context, 'cancelled'),
  // Shipping is not part of the summary yet, but the version moves on (read-your-writes).
  'order.shipped': (event, context) => changeStatus(event, context, undefined),
};

/** Event types the projection handles (what the processor reads from the log). */
export const ORDER_SUMMARY_EVENT_TYPES = Object.keys(orderSummaryProjection);

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
  { collection, at }: OrderSummaryProjectionContext,
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
