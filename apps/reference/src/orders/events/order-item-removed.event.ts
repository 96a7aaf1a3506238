import { DomainEvent } from '@cqrs-ddd/core';

/** The line of a product (all its units) was removed from a pending order. */
export class OrderItemRemoved extends DomainEvent {
  static readonly type = 'order.item-removed';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly productId: string,
  ) {
    super();
  }
}
