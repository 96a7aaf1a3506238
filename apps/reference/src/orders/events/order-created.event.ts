import { DomainEvent } from '@cqrs-ddd/core';

/** A pending, empty order was opened for a customer. */
export class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly customerId: string,
  ) {
    super();
  }
}
