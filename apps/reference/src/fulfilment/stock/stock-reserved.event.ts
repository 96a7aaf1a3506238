import { DomainEvent } from '@cqrs-ddd/core';

/** The stock service set aside every unit of an order. */
export class StockReserved extends DomainEvent {
  static readonly type = 'stock.reserved';
  static readonly version = 1;

  constructor(
    readonly orderId: string,
    readonly units: number,
  ) {
    super();
  }
}
