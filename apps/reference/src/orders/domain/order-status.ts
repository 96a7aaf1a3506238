/** Lifecycle states of an order, in the lower-case form the API shows. */
export const ORDER_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;

/**
 * `pending` while items may change, then `confirmed` or `cancelled`. Shipping is a separate
 * fact of a confirmed order (see `Order.shipped`), not a status of its own.
 */
export type OrderStatus = (typeof ORDER_STATUSES)[number];
