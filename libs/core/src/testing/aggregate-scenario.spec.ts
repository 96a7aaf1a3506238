import { describe, expect, it } from '@jest/globals';
import { AggregateRoot } from '../domain/aggregate-root.js';
import { DomainEvent } from '../domain/domain-event.js';
import { StateStoredAggregateRoot } from '../domain/state-stored-aggregate-root.js';
import { DomainRuleViolation } from '../errors/domain-rule-violation.error.js';
import { aggregateScenario } from './aggregate-scenario.js';

class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  constructor(
    readonly orderId: string,
    readonly customerId: string,
  ) {
    super();
  }
}

class ItemAdded extends DomainEvent {
  static readonly type = 'order.item-added';
  constructor(
    readonly orderId: string,
    readonly productId: string,
    readonly quantity: number,
  ) {
    super();
  }
}

class OrderConfirmed extends DomainEvent {
  static readonly type = 'order.confirmed';
  constructor(readonly orderId: string) {
    super();
  }
}

class Order extends AggregateRoot {
  status: 'new' | 'pending' | 'confirmed' = 'new';
  items = 0;

  create(customerId: string): void {
    this.apply(new OrderCreated(this.id, customerId));
  }

  addItem(productId: string, quantity: number): void {
    if (this.status !== 'pending') {
      throw new DomainRuleViolation(
        'order.items-only-while-pending',
        'Items can only be added while pending.',
      );
    }
    if (quantity <= 0)
      throw new DomainRuleViolation('order.quantity-positive', 'Quantity must be > 0.');
    this.apply(new ItemAdded(this.id, productId, quantity));
  }

  confirm(): void {
    if (this.status === 'confirmed') return;
    if (this.items === 0)
      throw new DomainRuleViolation('order.not-empty', 'Cannot confirm an empty order.');
    this.apply(new OrderConfirmed(this.id));
  }

  protected onOrderCreated(): void {
    this.status = 'pending';
  }

  protected onItemAdded(event: ItemAdded): void {
    this.items += event.quantity;
  }

  protected onOrderConfirmed(): void {
    this.status = 'confirmed';
  }
}

class Tag extends StateStoredAggregateRoot {
  id = 'tag-1';

  rename(name: string): void {
    this.record(new OrderConfirmed(name));
  }
}

const created = new OrderCreated('o-1', 'c-1');

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the scenario to fail');
}

describe('aggregateScenario', () => {
  it('passes when the command emits the expected events and returns the aggregate', () => {
    const order = aggregateScenario(() => new Order('o-1'))
      .given(created)
      .when((o) => o.addItem('p-1', 2))
      .then(new ItemAdded('o-1', 'p-1', 2));
    expect(order.items).toBe(2);
    expect(order.version).toBe(2);
  });

  it('checks only the events of when(), not the history', () => {
    aggregateScenario(() => new Order('o-1'))
      .when((o) => o.create('c-1'))
      .then(new OrderCreated('o-1', 'c-1'));
  });

  it('reports mismatching events with a readable diff', () => {
    const error = failure(() =>
      aggregateScenario(() => new Order('o-1'))
        .given(created)
        .when((o) => o.addItem('p-1', 2))
        .then(new ItemAdded('o-1', 'p-1', 3)),
    );
    expect(error.message).toContain('emitted events differ from expected');
    expect(error.message).toMatch(/\+\s+quantity: 2/);
    expect(error.message).toMatch(/-\s+quantity: 3/);
  });

  it('reports a different event type and a missing event', () => {
    const wrongType = failure(() =>
      aggregateScenario(() => new Order('o-1'))
        .given(created, new ItemAdded('o-1', 'p-1', 1))
        .when((o) => o.confirm())
        .then(new ItemAdded('o-1', 'p-1', 1)),
    );
    expect(wrongType.message).toContain("'order.confirmed'");
    expect(wrongType.message).toContain("'order.item-added'");
    const missing = failure(() =>
      aggregateScenario(() => new Order('o-1'))
        .given(created, new ItemAdded('o-1', 'p-1', 1))
        .when((o) => o.confirm())
        .then(new OrderConfirmed('o-1'), new OrderConfirmed('o-1')),
    );
    expect(missing.message).toContain('emitted events differ from expected');
  });

  it('reports an unexpected error when events were expected', () => {
    const error = failure(() =>
      aggregateScenario(() => new Order('o-1'))
        .when((o) => o.addItem('p-1', 1))
        .then(new ItemAdded('o-1', 'p-1', 1)),
    );
    expect(error.message).toContain('but when() threw DomainRuleViolation');
    expect(error.cause).toBeInstanceOf(DomainRuleViolation);
  });

  it('asserts thrown errors by class, message and properties', () => {
    const scenario = () =>
      aggregateScenario(() => new Order('o-1'))
        .given(created)
        .when((o) => o.confirm());
    const error = scenario().thenThrows(DomainRuleViolation);
    expect(error.rule).toBe('order.not-empty');
    scenario().thenThrows(DomainRuleViolation, 'empty order');
    scenario().thenThrows(DomainRuleViolation, /cannot confirm/i);
    scenario().thenThrows(DomainRuleViolation, { rule: 'order.not-empty' });
  });

  it('reports thrown-error mismatches', () => {
    const scenario = () =>
      aggregateScenario(() => new Order('o-1'))
        .given(created)
        .when((o) => o.confirm());
    expect(failure(() => scenario().thenThrows(RangeError)).message).toContain(
      'expected RangeError but when() threw DomainRuleViolation',
    );
    expect(failure(() => scenario().thenThrows(DomainRuleViolation, 'shipped')).message).toContain(
      'to contain "shipped"',
    );
    expect(failure(() => scenario().thenThrows(DomainRuleViolation, /shipped/)).message).toContain(
      'to match /shipped/',
    );
    const props = failure(() =>
      scenario().thenThrows(DomainRuleViolation, { rule: 'order.other' }),
    );
    expect(props.message).toContain('DomainRuleViolation properties differ');
    expect(props.message).toContain('order.other');
    const none = failure(() =>
      aggregateScenario(() => new Order('o-1'))
        .given(created)
        .when((o) => o.addItem('p-1', 1))
        .thenThrows(DomainRuleViolation),
    );
    expect(none.message).toContain('did not throw; it emitted [{"type":"order.item-added"');
  });

  it('asserts that nothing happened', () => {
    const order = aggregateScenario(() => new Order('o-1'))
      .given(created, new ItemAdded('o-1', 'p', 1), new OrderConfirmed('o-1'))
      .when((o) => o.confirm())
      .thenNothing();
    expect(order.status).toBe('confirmed');
    const error = failure(() =>
      aggregateScenario(() => new Order('o-1'))
        .given(created, new ItemAdded('o-1', 'p', 1))
        .when((o) => o.confirm())
        .thenNothing(),
    );
    expect(error.message).toContain('order.confirmed');
  });

  it('supports state-stored aggregates through their recorded events', () => {
    aggregateScenario(() => new Tag())
      .when((tag) => tag.rename('x'))
      .then(new OrderConfirmed('x'));
    expect(() =>
      aggregateScenario(() => new Tag())
        .given(created)
        .when((tag) => tag.rename('x'))
        .thenNothing(),
    ).toThrow('needs an event-sourced AggregateRoot');
  });

  it('refuses asynchronous use', async () => {
    expect(() =>
      aggregateScenario(() => new Order('o-1'))
        .when(async () => undefined)
        .thenNothing(),
    ).toThrow('must be synchronous');
    // TypeScript already rejects awaiting a scenario; this checks the runtime guard for JS users.
    const outcome: unknown = aggregateScenario(() => new Order('o-1')).when(() => undefined);
    const awaited = async () => await outcome;
    await expect(awaited()).rejects.toThrow('instead of awaiting');
  });
});
