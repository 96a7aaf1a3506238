import { DomainEvent } from '@cqrs-ddd/core';

/** A pending order with items was confirmed; its items are final from now on. */
export class OrderConfirmed extends DomainEvent {
  static readonly type = 'order.confirmed';
  static readonly version = 1;

  constructor(readonly orderId: string) {
    super();
  }
}
