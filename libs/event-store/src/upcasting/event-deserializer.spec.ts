import { describe, expect, it } from '@jest/globals';
import {
  EventTypeRegistry,
  EventVersionMismatchError,
  logPosition,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { UnknownStoredEventTypeError } from '../errors/unknown-stored-event-type.error.js';
import { ItemAdded, OrderCreated } from '../repository/order.fixture.js';
import { EventDeserializer } from './event-deserializer.js';
import { UpcasterChain } from './upcaster-chain.js';

const stored = (type: string, version: number, data: Record<string, unknown>): StoredEvent => ({
  eventId: 'e-7',
  type,
  version,
  streamId: 'o-1',
  streamVersion: 7,
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  data,
  metadata: {},
  position: logPosition(3, 7),
});

const chain = new UpcasterChain(
  [
    {
      type: OrderCreated.type,
      from: 1,
      upcaster: { upcast: (d: object) => ({ ...d, currency: 'EUR' }) },
    },
  ],
  { 'order.line-added': ItemAdded },
);
const registry = new EventTypeRegistry([OrderCreated, ItemAdded]);

describe('EventDeserializer', () => {
  it('upcasts, then rehydrates an instance of the registered class', () => {
    const deserializer = new EventDeserializer(registry, chain);
    const event = deserializer.deserialize<OrderCreated>(
      stored(OrderCreated.type, 1, { orderId: 'o-1', customerId: 'c-1' }),
    );
    expect(event).toBeInstanceOf(OrderCreated);
    expect(event).toEqual(
      Object.assign(Object.create(OrderCreated.prototype), {
        orderId: 'o-1',
        customerId: 'c-1',
        currency: 'EUR',
      }),
    );
    expect(
      deserializer.deserialize(stored('order.line-added', 1, { productId: 'p', quantity: 1 })),
    ).toBeInstanceOf(ItemAdded);
    expect(deserializer.upcast(stored(OrderCreated.type, 1, {})).data).toEqual({ currency: 'EUR' });
  });

  it('fails on unknown types by default, naming the stream and version', () => {
    const deserializer = new EventDeserializer(registry, chain);
    const error = (() => {
      try {
        deserializer.deserialize(stored('order.gone', 1, {}));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnknownStoredEventTypeError);
    expect(error).toMatchObject({
      code: 'UNKNOWN_STORED_EVENT_TYPE',
      eventType: 'order.gone',
      streamId: 'o-1',
      streamVersion: 7,
    });
  });

  it("returns undefined for unknown types with 'skip'", () => {
    const deserializer = new EventDeserializer(registry, chain, 'skip');
    expect(deserializer.deserialize(stored('order.gone', 1, {}))).toBeUndefined();
  });

  it('leaves version mismatches to the registry (EventVersionMismatchError)', () => {
    const deserializer = new EventDeserializer(registry, chain, 'skip');
    expect(() => deserializer.deserialize(stored(ItemAdded.type, 3, {}))).toThrow(
      EventVersionMismatchError,
    );
  });
});
