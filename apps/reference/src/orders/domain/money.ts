import { DomainRuleViolation, ValueObject } from '@cqrs-ddd/core';
import { OrderRules } from './order-rules.js';

/**
 * An amount of money in the shop's single currency, held as an integer number of cents so
 * that sums and products are exact (binary floating point cannot represent 0.10 exactly).
 */
export class Money extends ValueObject<{ cents: number }> {
  /** Zero. */
  static readonly ZERO = new Money({ cents: 0 });

  /**
   * Money from a decimal amount such as `19.99`.
   * @throws DomainRuleViolation (`order.unit-price-valid`) unless the amount is finite, >= 0,
   * has at most two decimals and fits exact integer arithmetic
   */
  static fromAmount(amount: number): Money {
    const cents = Math.round(amount * 100);
    // amount * 100 carries binary rounding noise (0.29 * 100 = 28.999...); more than that noise
    // means a third decimal.
    const exact = Math.abs(cents - amount * 100) < 1e-6;
    if (!Number.isFinite(amount) || amount < 0 || !exact || !Number.isSafeInteger(cents)) {
      throw new DomainRuleViolation(
        OrderRules.UNIT_PRICE_VALID,
        `A unit price must be an amount >= 0 with at most two decimals, got ${amount}.`,
      );
    }
    return new Money({ cents });
  }

  /** Money from a whole number of cents (as stored in events). */
  static fromCents(cents: number): Money {
    if (!Number.isSafeInteger(cents) || cents < 0) {
      throw new RangeError(`Money needs a safe integer number of cents >= 0, got ${cents}.`);
    }
    return new Money({ cents });
  }

  /** Whole cents. */
  get cents(): number {
    return this.props.cents;
  }

  /** The decimal amount, e.g. `19.99`. */
  get amount(): number {
    return this.props.cents / 100;
  }

  /** This amount times a whole `factor`; `null` when the result leaves exact integer range. */
  times(factor: number): Money | null {
    const cents = this.props.cents * factor;
    return Number.isSafeInteger(cents) ? new Money({ cents }) : null;
  }

  /** The sum; `null` when it leaves exact integer range. */
  plus(other: Money): Money | null {
    const cents = this.props.cents + other.cents;
    return Number.isSafeInteger(cents) ? new Money({ cents }) : null;
  }
}
