import { DomainEvent } from '@cqrs-ddd/core';

/** The payment service captured an order's total. */
export class PaymentCaptured extends DomainEvent {
  static readonly type = 'payment.captured';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly amountCents: number,
  ) {
    super();
  }
}
