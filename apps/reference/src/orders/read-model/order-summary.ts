import type { ReadModelDocument } from '@cqrs-ddd/core';
import type { OrderStatus } from '../domain/order-status.js';

/** Read-model collection holding the {@link OrderSummary} documents (one per tenant and order). */
export const ORDER_SUMMARY_COLLECTION = 'order_summaries';

/** One line of an {@link OrderSummary}. */
export interface OrderSummaryItem {
  readonly productId: string;
  readonly quantity: number;
  /** Price of one unit, a decimal amount with two decimals. */
  readonly unitPrice: number;
}

/**
 * The query side's view of an order, built from its events by `OrderSummaryProjection` and
 * eventually consistent with the aggregate.
 */
export interface OrderSummary extends ReadModelDocument {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderSummaryItem[];
  /** Sum of quantity x unit price, a decimal amount with two decimals. */
  readonly total: number;
  /** Number of units over all lines. */
  readonly itemCount: number;
  /** Version of the order (stream version) the summary reflects. */
  readonly version: number;
  /** When the order was created (ISO-8601 UTC). */
  readonly createdAt: string;
  /** When the latest event applied here happened (ISO-8601 UTC). */
  readonly updatedAt: string;
}
