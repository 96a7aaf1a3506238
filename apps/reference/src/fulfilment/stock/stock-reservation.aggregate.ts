import { AggregateRoot, DomainRuleViolation } from '@cqrs-ddd/core';
import { StockReleased } from './stock-released.event.js';
import { StockReservationFailed } from './stock-reservation-failed.event.js';
import { StockReserved } from './stock-reserved.event.js';

/** Products whose id starts with this are out of stock in the simulation. */
export const OUT_OF_STOCK_PREFIX = 'out-of-stock';

/** A line to reserve. */
export interface StockLine {
  readonly productId: string;
  readonly quantity: number;
}

/**
 * The simulated stock service's reservation for one order (id `stock-<orderId>`): reserving
 * succeeds unless a product is out of stock (its id starts with {@link OUT_OF_STOCK_PREFIX});
 * a reservation can be released once.
 */
export class StockReservation extends AggregateRoot<string> {
  static readonly aggregateType = 'StockReservation';

  #state: 'none' | 'reserved' | 'failed' | 'released' = 'none';

  /** The reservation's id for `orderId`. */
  static idFor(orderId: string): string {
    return `stock-${orderId}`;
  }

  /** Reserves `lines` of `orderId`, or records why it cannot. */
  static reserve(orderId: string, lines: readonly StockLine[]): StockReservation {
    const reservation = new StockReservation(StockReservation.idFor(orderId));
    const missing = lines.find((line) => line.productId.startsWith(OUT_OF_STOCK_PREFIX));
    reservation.apply(
      missing
        ? new StockReservationFailed(orderId, missing.productId, 'out of stock')
        : new StockReserved(
            orderId,
            lines.reduce((units, line) => units + line.quantity, 0),
          ),
    );
    return reservation;
  }

  /** Releases the reserved units. */
  release(orderId: string): void {
    if (this.#state !== 'reserved') {
      throw new DomainRuleViolation(
        'stock.release-only-reserved',
        `The stock of order "${orderId}" is ${this.#state}, not reserved: nothing to release.`,
      );
    }
    this.apply(new StockReleased(orderId));
  }

  protected override handles() {
    return [
      this.on(StockReserved, () => (this.#state = 'reserved')),
      this.on(StockReservationFailed, () => (this.#state = 'failed')),
      this.on(StockReleased, () => (this.#state = 'released')),
    ];
  }
}
