import { OrderCancelled } from './order-cancelled.event.js';
import { OrderConfirmed } from './order-confirmed.event.js';
import { OrderCreated } from './order-created.event.js';
import { OrderItemAdded } from './order-item-added.event.js';
import { OrderItemRemoved } from './order-item-removed.event.js';
import { OrderShipped } from './order-shipped.event.js';

/** Every event class of the Order aggregate, for the event store's type registry. */
export const ORDER_EVENTS = [
  OrderCreated,
  OrderItemAdded,
  OrderItemRemoved,
  OrderConfirmed,
  OrderCancelled,
  OrderShipped,
];
