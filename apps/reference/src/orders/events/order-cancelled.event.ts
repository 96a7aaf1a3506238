import { DomainEvent } from '@cqrs-ddd/core';

/** An order (pending, or confirmed but not shipped) was cancelled. */
export class OrderCancelled extends DomainEvent {
  static readonly type = 'order.cancelled';
  static readonly version = 1;

  constructor(readonly orderId: string) {
    super();
  }
}
