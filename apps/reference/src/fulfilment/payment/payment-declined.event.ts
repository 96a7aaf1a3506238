import { DomainEvent } from '@cqrs-ddd/core';

/** The payment service refused to capture an order's total. */
export class PaymentDeclined extends DomainEvent {
  static readonly type = 'payment.declined';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super();
  }
}
