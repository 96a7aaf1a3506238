import type { Page } from '@cqrs-ddd/core';
import type { OrderSummary } from '../../orders/read-model/order-summary.js';
import type { OrderPageDto } from './dto/order-page.dto.js';
import type { OrderDto } from './dto/order.dto.js';

/** A decimal amount rounded to cents, so JSON shows at most two decimals. */
export function money(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * The API view of an `OrderSummary`: exactly the fields DESIGN.md §6 lists (bookkeeping such as
 * `createdAt` or log positions stays inside), money rounded to cents.
 */
export function toOrderDto(summary: OrderSummary): OrderDto {
  return {
    id: summary.id,
    customerId: summary.customerId,
    status: summary.status,
    items: summary.items.map((item) => ({
      productId: item.productId,
      quantity: item.quantity,
      unitPrice: money(item.unitPrice),
    })),
    total: money(summary.total),
    itemCount: summary.itemCount,
    version: summary.version,
    updatedAt: summary.updatedAt,
  };
}

/** The API view of a page of summaries. */
export function toOrderPageDto(page: Page<OrderSummary>): OrderPageDto {
  return { items: page.items.map(toOrderDto), nextCursor: page.nextCursor };
}
