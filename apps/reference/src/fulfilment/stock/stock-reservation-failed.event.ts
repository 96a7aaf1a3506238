import { DomainEvent } from '@cqrs-ddd/core';

/** The stock service could not reserve an order's items (nothing was set aside). */
export class StockReservationFailed extends DomainEvent {
  static readonly type = 'stock.reservation-failed';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly productId: string,
    readonly reason: string,
  ) {
    super();
  }
}
