import { defineEventStream, type EventStreamDefinition } from '@cqrs-ddd/streaming';
import { OrderPermission } from '../access/order-access.rules.js';
import { ORDER_EVENTS } from '../orders/events/order-events.js';

/** Name of the order event stream (SSE, WebSocket and the `orderEvents` subscription). */
export const ORDER_STREAM = 'orders';

/** What clients receive of an order event: no metadata, prices in currency units. */
export interface OrderStreamEvent {
  readonly orderId: string;
  /** The order's version after the event. */
  readonly version: number;
  readonly occurredAt: string;
  readonly customerId?: string;
  readonly productId?: string;
  readonly quantity?: number;
  readonly unitPrice?: number;
}

/** The `orders` stream: every Order event, for principals with `order:read`. */
export const orderEventStream: EventStreamDefinition<OrderStreamEvent> = defineEventStream({
  name: ORDER_STREAM,
  eventTypes: ORDER_EVENTS.map((event) => event.type),
  permission: OrderPermission.READ,
  map: (event): OrderStreamEvent => {
    const data = event.data as Record<string, unknown>;
    return {
      orderId: String(data.orderId ?? event.streamId),
      version: event.streamVersion,
      occurredAt: event.occurredAt,
      ...(typeof data.customerId === 'string' ? { customerId: data.customerId } : {}),
      ...(typeof data.productId === 'string' ? { productId: data.productId } : {}),
      ...(typeof data.quantity === 'number' ? { quantity: data.quantity } : {}),
      ...(typeof data.unitPriceCents === 'number' ? { unitPrice: data.unitPriceCents / 100 } : {}),
    };
  },
});
