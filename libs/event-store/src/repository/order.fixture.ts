// Test fixture (not part of the public API): an event-sourced aggregate with snapshots.
import { AggregateRoot, DomainEvent, DomainRuleViolation } from '@cqrs-ddd/core';

export class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  static readonly version = 2;
  constructor(
    readonly orderId: string,
    readonly customerId: string,
    readonly currency: string,
  ) {
    super();
  }
}

export class ItemAdded extends DomainEvent {
  static readonly type = 'order.item-added';
  constructor(
    readonly productId: string,
    readonly quantity: number,
  ) {
    super();
  }
}

export class OrderConfirmed extends DomainEvent {
  static readonly type = 'order.confirmed';
}

export const ORDER_EVENTS = [OrderCreated, ItemAdded, OrderConfirmed];

export interface OrderState {
  readonly customerId: string;
  readonly currency: string;
  readonly status: 'pending' | 'confirmed';
  readonly items: Record<string, number>;
}

export class Order extends AggregateRoot<string, OrderState> {
  static readonly aggregateType: string = 'Order';
  customerId = '';
  currency = '';
  status: OrderState['status'] = 'pending';
  items: Record<string, number> = {};
  /** How many events were replayed into this instance (to see what a snapshot saved). */
  replayed = 0;

  static create(id: string, customerId: string, currency = 'EUR'): Order {
    const order = new Order(id);
    order.apply(new OrderCreated(id, customerId, currency));
    return order;
  }

  addItem(productId: string, quantity: number): void {
    if (this.status !== 'pending') {
      throw new DomainRuleViolation('order.pending', 'Items can only be added to pending orders.');
    }
    this.apply(new ItemAdded(productId, quantity));
  }

  confirm(): void {
    this.apply(new OrderConfirmed());
  }

  protected override handles() {
    return [
      this.on(OrderCreated, (event) => {
        this.customerId = event.customerId;
        this.currency = event.currency;
        this.replayed += 1;
      }),
      this.on(ItemAdded, (event) => {
        this.items[event.productId] = (this.items[event.productId] ?? 0) + event.quantity;
        this.replayed += 1;
      }),
      this.on(OrderConfirmed, () => {
        this.status = 'confirmed';
        this.replayed += 1;
      }),
    ];
  }

  protected override toSnapshot(): OrderState {
    const { customerId, currency, status, items } = this;
    return { customerId, currency, status, items };
  }

  protected override restoreSnapshot(state: OrderState): void {
    Object.assign(this, state);
  }
}
