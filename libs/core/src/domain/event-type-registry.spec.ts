import { describe, expect, it } from '@jest/globals';
import { isDuplicateEventTypeError } from '../errors/duplicate-event-type.error.js';
import {
  EventVersionMismatchError,
  isEventVersionMismatchError,
} from '../errors/event-version-mismatch.error.js';
import { isInvalidEventClassError } from '../errors/invalid-event-class.error.js';
import { isUnknownEventTypeError } from '../errors/unknown-event-type.error.js';
import { DomainEvent, DomainEventClass, EventData } from './domain-event.js';
import { EventTypeRegistry } from './event-type-registry.js';

let constructorCalls = 0;

class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  static readonly version = 1;
  constructor(
    readonly orderId: string,
    readonly customerId: string,
  ) {
    super();
    constructorCalls += 1;
  }
}

class OrderScheduled extends DomainEvent {
  static readonly type = 'order.scheduled';
  static readonly version = 3;
  constructor(readonly at: Date) {
    super();
  }

  static rehydrate(data: EventData): OrderScheduled {
    return new OrderScheduled(new Date(data.at as string));
  }
}

class Impostor extends DomainEvent {
  static readonly type = 'order.created';
}

class Untyped extends DomainEvent {}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('EventTypeRegistry', () => {
  it('maps types to classes', () => {
    const registry = new EventTypeRegistry([OrderCreated]).register(OrderScheduled);
    expect(registry.classOf('order.created')).toBe(OrderCreated);
    expect(registry.has('order.scheduled')).toBe(true);
    expect(registry.has('order.cancelled')).toBe(false);
    expect(registry.types()).toEqual(['order.created', 'order.scheduled']);
  });

  it('accepts the same class twice but not two classes for one type', () => {
    const registry = new EventTypeRegistry([OrderCreated, OrderCreated]);
    const error = thrown(() => registry.register(Impostor));
    expect(isDuplicateEventTypeError(error)).toBe(true);
    expect(error).toMatchObject({
      eventType: 'order.created',
      registeredClass: 'OrderCreated',
      conflictingClass: 'Impostor',
    });
    expect(registry.classOf('order.created')).toBe(OrderCreated);
  });

  it('rejects classes without a type', () => {
    // TypeScript rejects it already (no static `type`); the runtime check covers casts and JS.
    const untyped = Untyped as unknown as DomainEventClass;
    expect(isInvalidEventClassError(thrown(() => new EventTypeRegistry([untyped])))).toBe(true);
  });

  it('reports unknown types with a typed error', () => {
    const registry = new EventTypeRegistry();
    const error = thrown(() => registry.rehydrate({ type: 'nope', version: 1, data: {} }));
    expect(isUnknownEventTypeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNKNOWN_EVENT_TYPE', eventType: 'nope' });
    expect(isUnknownEventTypeError(thrown(() => registry.classOf('nope')))).toBe(true);
  });

  it('round-trips an event without running its constructor', () => {
    const registry = new EventTypeRegistry([OrderCreated]);
    const serialized = registry.serialize(new OrderCreated('o-1', 'c-1'));
    expect(serialized).toEqual({
      type: 'order.created',
      version: 1,
      data: { orderId: 'o-1', customerId: 'c-1' },
    });
    const callsBefore = constructorCalls;
    const stored = { ...JSON.parse(JSON.stringify(serialized)), metadata: { tenantId: 't-1' } };
    const event = registry.rehydrate<OrderCreated>(stored);
    expect(constructorCalls).toBe(callsBefore);
    expect(event).toBeInstanceOf(OrderCreated);
    expect(event).toBeInstanceOf(DomainEvent);
    expect(event.orderId).toBe('o-1');
    expect({ ...event }).toEqual({ orderId: 'o-1', customerId: 'c-1' });
  });

  it('uses a static rehydrate hook when the class has one', () => {
    const registry = new EventTypeRegistry([OrderScheduled]);
    const at = new Date('2026-05-01T10:00:00.000Z');
    const event = registry.rehydrate<OrderScheduled>(registry.serialize(new OrderScheduled(at)));
    expect(event).toBeInstanceOf(OrderScheduled);
    expect(event.at).toBeInstanceOf(Date);
    expect(event.at.getTime()).toBe(at.getTime());
  });

  it('refuses data of another schema version so an upcaster can run first', () => {
    const registry = new EventTypeRegistry([OrderScheduled]);
    const error = thrown(() =>
      registry.rehydrate({ type: 'order.scheduled', version: 2, data: { at: 'x' } }),
    );
    expect(isEventVersionMismatchError(error)).toBe(true);
    expect(error).toBeInstanceOf(EventVersionMismatchError);
    expect(error).toMatchObject({
      eventType: 'order.scheduled',
      storedVersion: 2,
      classVersion: 3,
    });
  });

  it('only serialises events of registered classes', () => {
    const registry = new EventTypeRegistry([Impostor]);
    expect(
      isDuplicateEventTypeError(thrown(() => registry.serialize(new OrderCreated('o', 'c')))),
    ).toBe(true);
    expect(
      isUnknownEventTypeError(thrown(() => registry.serialize(new OrderScheduled(new Date())))),
    ).toBe(true);
  });

  it('keeps a stored "__proto__" key as data', () => {
    const registry = new EventTypeRegistry([OrderCreated]);
    const data = JSON.parse('{"orderId":"o-1","__proto__":{"polluted":true}}') as EventData;
    const event = registry.rehydrate({ type: 'order.created', version: 1, data });
    expect(Object.getPrototypeOf(event)).toBe(OrderCreated.prototype);
    expect((event as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('rejects stored data that is not an object', () => {
    const registry = new EventTypeRegistry([OrderCreated]);
    expect(
      thrown(() => registry.rehydrate({ type: 'order.created', version: 1, data: [1] })),
    ).toBeInstanceOf(TypeError);
    expect(
      thrown(() => registry.rehydrate({ type: 'order.created', version: 1, data: null })),
    ).toBeInstanceOf(TypeError);
  });
});
