import { describe, expect, it } from '@jest/globals';
import { validate, version } from 'uuid';
import { createEventEnvelope } from './create-event-envelope.js';
import { DomainEvent } from './domain-event.js';

class OrderCreated extends DomainEvent {
  static readonly type = 'order.created';
  static readonly version = 2;
  constructor(readonly orderId: string) {
    super();
  }
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('createEventEnvelope', () => {
  it('fills every envelope field', () => {
    const metadata = { tenantId: 't-1', correlationId: 'corr-1', actor: 'u-1' };
    const envelope = createEventEnvelope(new OrderCreated('o-1'), {
      streamId: 'order-o-1',
      streamVersion: 3,
      metadata,
    });
    expect(envelope).toEqual({
      eventId: expect.any(String),
      type: 'order.created',
      version: 2,
      streamId: 'order-o-1',
      streamVersion: 3,
      occurredAt: expect.stringMatching(ISO_UTC),
      data: { orderId: 'o-1' },
      metadata,
    });
    expect(envelope.metadata).not.toBe(metadata);
    expect(validate(envelope.eventId)).toBe(true);
    expect(version(envelope.eventId)).toBe(7);
    expect(Math.abs(Date.parse(envelope.occurredAt) - Date.now())).toBeLessThan(60_000);
  });

  it('gives time-ordered unique ids', () => {
    const ids = Array.from(
      { length: 50 },
      (_, i) =>
        createEventEnvelope(new OrderCreated('o'), {
          streamId: 's',
          streamVersion: i + 1,
          metadata: {},
        }).eventId,
    );
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps a given event id and normalises a given occurredAt to ISO UTC', () => {
    const options = { streamId: 's', streamVersion: 1, metadata: {}, eventId: 'given-id' };
    const fromDate = createEventEnvelope(new OrderCreated('o'), {
      ...options,
      occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    });
    expect(fromDate.eventId).toBe('given-id');
    expect(fromDate.occurredAt).toBe('2026-01-02T03:04:05.000Z');
    const fromString = createEventEnvelope(new OrderCreated('o'), {
      ...options,
      occurredAt: '2026-01-02T04:04:05+01:00',
    });
    expect(fromString.occurredAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('rejects invalid stream versions and dates', () => {
    const base = { streamId: 's', metadata: {} };
    expect(() => createEventEnvelope(new OrderCreated('o'), { ...base, streamVersion: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      createEventEnvelope(new OrderCreated('o'), { ...base, streamVersion: 1.5 }),
    ).toThrow(RangeError);
    expect(() =>
      createEventEnvelope(new OrderCreated('o'), { ...base, streamVersion: 1, occurredAt: 'soon' }),
    ).toThrow(RangeError);
  });
});
