import { DomainEvent } from '@cqrs-ddd/core';

/** A captured payment was paid back (compensation). */
export class PaymentRefunded extends DomainEvent {
  static readonly type = 'payment.refunded';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly amountCents: number,
  ) {
    super();
  }
}
