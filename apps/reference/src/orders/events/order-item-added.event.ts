import { DomainEvent } from '@cqrs-ddd/core';

/**
 * Units of a product were added to a pending order: a new line, or more units on the line of
 * that product (same unit price). Prices are whole cents, so stored events stay exact.
 */
export class OrderItemAdded extends DomainEvent {
  static readonly type = 'order.item-added';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly productId: string,
    readonly quantity: number,
    readonly unitPriceCents: number,
  ) {
    super();
  }
}
