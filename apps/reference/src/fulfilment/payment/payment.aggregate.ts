import { AggregateRoot, DomainRuleViolation } from '@cqrs-ddd/core';
import { PaymentCaptured } from './payment-captured.event.js';
import { PaymentDeclined } from './payment-declined.event.js';
import { PaymentRefunded } from './payment-refunded.event.js';
import { PaymentRequested } from './payment-requested.event.js';

/** Customers whose id starts with this have their payments declined in the simulation. */
export const DECLINED_CUSTOMER_PREFIX = 'declined';
/** Customers whose id starts with this never get an answer from the simulated provider. */
export const SLOW_PAYER_PREFIX = 'slow-payer';

/**
 * The simulated payment service's payment of one order (id `payment-<orderId>`): a capture
 * succeeds, is declined ({@link DECLINED_CUSTOMER_PREFIX}) or stays unanswered
 * ({@link SLOW_PAYER_PREFIX}, so the saga's timeout fires); a captured payment can be refunded.
 */
export class Payment extends AggregateRoot<string> {
  static readonly aggregateType = 'Payment';

  #state: 'requested' | 'captured' | 'declined' | 'refunded' = 'requested';
  #amountCents = 0;

  /** The payment's id for `orderId`. */
  static idFor(orderId: string): string {
    return `payment-${orderId}`;
  }

  /** Asks to capture `amountCents` from `customerId` for `orderId`. */
  static capture(orderId: string, customerId: string, amountCents: number): Payment {
    const payment = new Payment(Payment.idFor(orderId));
    if (customerId.startsWith(DECLINED_CUSTOMER_PREFIX)) {
      payment.apply(new PaymentDeclined(orderId, 'card declined'));
    } else if (customerId.startsWith(SLOW_PAYER_PREFIX)) {
      payment.apply(new PaymentRequested(orderId, amountCents));
    } else {
      payment.apply(new PaymentCaptured(orderId, amountCents));
    }
    return payment;
  }

  /** Pays a captured payment back. */
  refund(orderId: string): void {
    if (this.#state !== 'captured') {
      throw new DomainRuleViolation(
        'payment.refund-only-captured',
        `The payment of order "${orderId}" is ${this.#state}, not captured: nothing to refund.`,
      );
    }
    this.apply(new PaymentRefunded(orderId, this.#amountCents));
  }

  protected override handles() {
    return [
      this.on(PaymentRequested, () => (this.#state = 'requested')),
      this.on(PaymentCaptured, (e) => {
        this.#state = 'captured';
        this.#amountCents = e.amountCents;
      }),
      this.on(PaymentDeclined, () => (this.#state = 'declined')),
      this.on(PaymentRefunded, () => (this.#state = 'refunded')),
    ];
  }
}
