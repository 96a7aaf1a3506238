import { DomainEvent } from '@cqrs-ddd/core';

/** The units reserved for an order went back to stock (compensation). */
export class StockReleased extends DomainEvent {
  static readonly type = 'stock.released';
  static readonly version = 1;

  constructor(readonly orderId: string) {
    super();
  }
}
