import { DomainEvent } from '@cqrs-ddd/core';

/** A capture was asked for and awaits the payment provider's answer (which may never come). */
export class PaymentRequested extends DomainEvent {
  static readonly type = 'payment.requested';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly amountCents: number,
  ) {
    super();
  }
}
