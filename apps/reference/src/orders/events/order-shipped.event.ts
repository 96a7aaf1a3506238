import { DomainEvent } from '@cqrs-ddd/core';

/**
 * A confirmed order was shipped. No command records it yet (shipping arrives with a later
 * issue); the aggregate already knows the state because it decides whether a cancel is allowed.
 */
export class OrderShipped extends DomainEvent {
  static readonly type = 'order.shipped';
  static readonly version = 1;

  constructor(readonly orderId: string) {
    super();
  }
}
