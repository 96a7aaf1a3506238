import { describe, expect, it } from '@jest/globals';
import { isInvalidEventClassError } from '../errors/invalid-event-class.error.js';
import {
  DomainEvent,
  eventClassOf,
  eventTypeOf,
  eventVersionOf,
  serializeEvent,
} from './domain-event.js';

class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  static readonly version = 2;
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
    readonly productId: string,
    readonly addedAt: Date,
  ) {
    super();
  }
}

class Untyped extends DomainEvent {
  constructor(readonly value: number) {
    super();
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('domain events', () => {
  it('reads the static type and version from instances and classes', () => {
    const event = new OrderCreated('o-1', 'c-1');
    expect(eventTypeOf(event)).toBe('order.created');
    expect(eventTypeOf(OrderCreated)).toBe('order.created');
    expect(eventVersionOf(event)).toBe(2);
    expect(eventClassOf(event)).toBe(OrderCreated);
  });

  it('defaults the schema version to 1', () => {
    expect(eventVersionOf(new ItemAdded('p', new Date()))).toBe(1);
  });

  it('never falls back to the class name when the type is missing', () => {
    const error = thrown(() => eventTypeOf(new Untyped(1)));
    expect(isInvalidEventClassError(error)).toBe(true);
    expect((error as Error).message).toContain('Untyped');
    expect((error as Error).message).toContain('static readonly type');
  });

  it('does not let a subclass inherit its parent type or version', () => {
    class Parent extends DomainEvent {
      static readonly type: string = 'parent.happened';
      static readonly version: number = 3;
    }
    class Child extends Parent {}
    expect(isInvalidEventClassError(thrown(() => eventTypeOf(Child)))).toBe(true);
    class Renamed extends Parent {
      static override readonly type = 'child.happened';
    }
    expect(eventTypeOf(Renamed)).toBe('child.happened');
    expect(eventVersionOf(Renamed)).toBe(1);
  });

  it.each([0, -1, 1.5, '1'])('rejects the invalid version %p', (version) => {
    class Bad extends DomainEvent {
      static readonly type = 'bad';
      static readonly version = version as number;
    }
    expect(isInvalidEventClassError(thrown(() => eventVersionOf(Bad)))).toBe(true);
  });

  it('rejects plain objects and empty types', () => {
    expect(isInvalidEventClassError(thrown(() => eventTypeOf({ type: 'x' })))).toBe(true);
    expect(isInvalidEventClassError(thrown(() => eventTypeOf(Object.create(null))))).toBe(true);
    class Blank extends DomainEvent {
      static readonly type = ' ';
    }
    expect(isInvalidEventClassError(thrown(() => eventTypeOf(Blank)))).toBe(true);
  });

  it('serialises own enumerable fields as plain JSON', () => {
    const serialized = serializeEvent(new ItemAdded('p-1', new Date('2026-01-02T03:04:05.000Z')));
    expect(serialized).toEqual({
      type: 'order.item-added',
      version: 1,
      data: { productId: 'p-1', addedAt: '2026-01-02T03:04:05.000Z' },
    });
    expect(Object.getPrototypeOf(serialized.data)).toBe(Object.prototype);
  });

  it('rejects events that do not serialise to an object', () => {
    class Scalar extends DomainEvent {
      static readonly type = 'scalar';
      toJSON(): string {
        return 'nope';
      }
    }
    expect(isInvalidEventClassError(thrown(() => serializeEvent(new Scalar())))).toBe(true);
  });
});
