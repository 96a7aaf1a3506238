import { AggregateRoot, DomainRuleViolation, NotFoundError } from '@cqrs-ddd/core';
import { OrderCancelled } from '../events/order-cancelled.event.js';
import { OrderConfirmed } from '../events/order-confirmed.event.js';
import { OrderCreated } from '../events/order-created.event.js';
import { OrderItemAdded } from '../events/order-item-added.event.js';
import { OrderItemRemoved } from '../events/order-item-removed.event.js';
import { OrderShipped } from '../events/order-shipped.event.js';
import { Money } from './money.js';
import { OrderLine } from './order-line.js';
import { OrderRules } from './order-rules.js';
import type { OrderStatus } from './order-status.js';

/** What an Order snapshot stores (plain JSON). Bump `Order.snapshotRevision` when it changes. */
export interface OrderSnapshotState {
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly shipped: boolean;
  readonly lines: readonly { productId: string; quantity: number; unitPriceCents: number }[];
}

/**
 * An event-sourced customer order. Rules: items change only while pending; quantities are
 * whole numbers > 0; unit prices are >= 0 with two decimals; an empty order cannot be
 * confirmed; a shipped order cannot be cancelled (a confirmed one that is not shipped can).
 * Violations throw `DomainRuleViolation` with a rule name from {@link OrderRules}.
 */
export class Order extends AggregateRoot<string, OrderSnapshotState> {
  static readonly aggregateType = 'Order';
  static readonly snapshotRevision = 1;

  #customerId = '';
  #status: OrderStatus = 'pending';
  #shipped = false;
  readonly #lines = new Map<string, OrderLine>();

  /** Opens a pending, empty order. */
  static create(id: string, customerId: string): Order {
    const order = new Order(id);
    order.apply(new OrderCreated(id, customerId));
    return order;
  }

  /** The customer who placed the order. */
  get customerId(): string {
    return this.#customerId;
  }

  /** Current lifecycle state. */
  get status(): OrderStatus {
    return this.#status;
  }

  /** True once a confirmed order was shipped. */
  get shipped(): boolean {
    return this.#shipped;
  }

  /** The lines, in the order products were first added. */
  get lines(): readonly OrderLine[] {
    return [...this.#lines.values()];
  }

  /** Sum of quantity x unit price over all lines. */
  get total(): Money {
    return this.#totalWith(undefined) ?? Money.ZERO;
  }

  /**
   * Adds `quantity` units of a product; adding a product already on the order adds to its line,
   * at the line's unit price.
   */
  addItem(productId: string, quantity: number, unitPrice: number): void {
    this.#assertPending(
      OrderRules.ITEMS_ONLY_WHILE_PENDING,
      'Items can only be added while an order is pending',
    );
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new DomainRuleViolation(
        OrderRules.QUANTITY_POSITIVE_INTEGER,
        `The quantity must be a whole number greater than 0, got ${quantity}.`,
      );
    }
    const price = Money.fromAmount(unitPrice);
    const existing = this.#lines.get(productId);
    if (existing && !existing.unitPrice.equals(price)) {
      throw new DomainRuleViolation(
        OrderRules.UNIT_PRICE_MATCHES_LINE,
        `Product "${productId}" is already on the order at ${existing.unitPrice.amount}; ` +
          'remove its line first to change the unit price.',
      );
    }
    const line = existing ? existing.withMore(quantity) : OrderLine.of(productId, quantity, price);
    if (!Number.isSafeInteger(line.quantity) || this.#totalWith(line) === null) {
      throw new DomainRuleViolation(
        OrderRules.TOTAL_WITHIN_LIMIT,
        'The order total would exceed the largest amount the shop can handle exactly.',
      );
    }
    this.apply(new OrderItemAdded(this.id, productId, quantity, price.cents));
  }

  /**
   * Removes the line of a product.
   * @throws NotFoundError (`OrderItem`) when the product is not on the order
   */
  removeItem(productId: string): void {
    this.#assertPending(
      OrderRules.ITEMS_ONLY_WHILE_PENDING,
      'Items can only be removed while an order is pending',
    );
    if (!this.#lines.has(productId)) throw new NotFoundError('OrderItem', productId);
    this.apply(new OrderItemRemoved(this.id, productId));
  }

  /** Confirms a pending order that has items. */
  confirm(): void {
    this.#assertPending(OrderRules.CONFIRM_ONLY_PENDING, 'Only pending orders can be confirmed');
    if (this.#lines.size === 0) {
      throw new DomainRuleViolation(
        OrderRules.CANNOT_CONFIRM_EMPTY,
        'An order without items cannot be confirmed: add an item first.',
      );
    }
    this.apply(new OrderConfirmed(this.id));
  }

  /** Cancels a pending order, or a confirmed one that has not been shipped. */
  cancel(): void {
    if (this.#status === 'cancelled') {
      throw new DomainRuleViolation(
        OrderRules.ALREADY_CANCELLED,
        `Order "${this.id}" is already cancelled.`,
      );
    }
    if (this.#shipped) {
      throw new DomainRuleViolation(
        OrderRules.CANNOT_CANCEL_SHIPPED,
        `Order "${this.id}" has been shipped and can no longer be cancelled.`,
      );
    }
    this.apply(new OrderCancelled(this.id));
  }

  /** Ships a confirmed order (for the future shipping command). */
  ship(): void {
    if (this.#status !== 'confirmed' || this.#shipped) {
      throw new DomainRuleViolation(
        OrderRules.SHIP_ONLY_CONFIRMED,
        `Only confirmed orders that are not shipped yet can be shipped; order "${this.id}" is ` +
          `${this.#shipped ? 'shipped' : this.#status}.`,
      );
    }
    this.apply(new OrderShipped(this.id));
  }

  protected override handles() {
    return [
      this.on(OrderCreated, (e) => {
        this.#customerId = e.customerId;
        this.#status = 'pending';
      }),
      this.on(OrderItemAdded, (e) => {
        const existing = this.#lines.get(e.productId);
        this.#lines.set(
          e.productId,
          existing
            ? existing.withMore(e.quantity)
            : OrderLine.of(e.productId, e.quantity, Money.fromCents(e.unitPriceCents)),
        );
      }),
      this.on(OrderItemRemoved, (e) => this.#lines.delete(e.productId)),
      this.on(OrderConfirmed, () => (this.#status = 'confirmed')),
      this.on(OrderCancelled, () => (this.#status = 'cancelled')),
      this.on(OrderShipped, () => (this.#shipped = true)),
    ];
  }

  protected override toSnapshot(): OrderSnapshotState {
    return {
      customerId: this.#customerId,
      status: this.#status,
      shipped: this.#shipped,
      lines: this.lines.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        unitPriceCents: line.unitPrice.cents,
      })),
    };
  }

  protected override restoreSnapshot(state: OrderSnapshotState): void {
    this.#customerId = state.customerId;
    this.#status = state.status;
    this.#shipped = state.shipped;
    this.#lines.clear();
    for (const line of state.lines) {
      const price = Money.fromCents(line.unitPriceCents);
      this.#lines.set(line.productId, OrderLine.of(line.productId, line.quantity, price));
    }
  }

  #assertPending(rule: string, action: string): void {
    if (this.#status !== 'pending') {
      throw new DomainRuleViolation(rule, `${action}; order "${this.id}" is ${this.#status}.`);
    }
  }

  /** The total with `replacement` in place of its product's line; `null` past exact range. */
  #totalWith(replacement: OrderLine | undefined): Money | null {
    let total: Money | null = Money.ZERO;
    const lines = new Map(this.#lines);
    if (replacement) lines.set(replacement.productId, replacement);
    for (const line of lines.values()) {
      const amount = line.unitPrice.times(line.quantity);
      total = amount && total ? total.plus(amount) : null;
      if (total === null) return null;
    }
    return total;
  }
}
