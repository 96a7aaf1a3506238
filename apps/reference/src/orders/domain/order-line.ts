import { ValueObject } from '@cqrs-ddd/core';
import { Money } from './money.js';

/** One product on an order: how many, at which unit price. Immutable. */
export class OrderLine extends ValueObject<{
  productId: string;
  quantity: number;
  unitPrice: Money;
}> {
  /** A line; the aggregate checks the rules before creating one. */
  static of(productId: string, quantity: number, unitPrice: Money): OrderLine {
    return new OrderLine({ productId, quantity, unitPrice });
  }

  /** Id of the product. */
  get productId(): string {
    return this.props.productId;
  }

  /** Number of units, a whole number > 0. */
  get quantity(): number {
    return this.props.quantity;
  }

  /** Price of one unit. */
  get unitPrice(): Money {
    return this.props.unitPrice;
  }

  /** The same line with `extra` more units. */
  withMore(extra: number): OrderLine {
    return new OrderLine({ ...this.props, quantity: this.props.quantity + extra });
  }
}
