/**
 * Stable names of the Order aggregate's business rules: the `rule` of every
 * `DomainRuleViolation` it throws (clients and tests branch on them, so they never change).
 */
export const OrderRules = {
  /** Items can be added or removed only while the order is pending. */
  ITEMS_ONLY_WHILE_PENDING: 'order.items-only-while-pending',
  /** A quantity is a whole number greater than zero. */
  QUANTITY_POSITIVE_INTEGER: 'order.quantity-positive-integer',
  /** A unit price is a finite amount >= 0 with at most two decimals. */
  UNIT_PRICE_VALID: 'order.unit-price-valid',
  /** A product already on the order is added again at its line's unit price only. */
  UNIT_PRICE_MATCHES_LINE: 'order.unit-price-matches-line',
  /** An order total stays within exact integer arithmetic (cents). */
  TOTAL_WITHIN_LIMIT: 'order.total-within-limit',
  /** Only pending orders can be confirmed. */
  CONFIRM_ONLY_PENDING: 'order.confirm-only-pending',
  /** An order without items cannot be confirmed. */
  CANNOT_CONFIRM_EMPTY: 'order.cannot-confirm-empty',
  /** A cancelled order cannot be cancelled again. */
  ALREADY_CANCELLED: 'order.already-cancelled',
  /** A shipped order cannot be cancelled. */
  CANNOT_CANCEL_SHIPPED: 'order.cannot-cancel-shipped',
  /** Only confirmed, not yet shipped orders can be shipped. */
  SHIP_ONLY_CONFIRMED: 'order.ship-only-confirmed',
} as const;

/** One of {@link OrderRules}. */
export type OrderRule = (typeof OrderRules)[keyof typeof OrderRules];
