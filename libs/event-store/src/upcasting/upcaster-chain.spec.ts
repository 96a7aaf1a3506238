import { describe, expect, it } from '@jest/globals';
import { InvalidEventClassError, logPosition, type StoredEvent } from '@cqrs-ddd/core';
import { InvalidUpcasterError } from '../errors/invalid-upcaster.error.js';
import { UpcastingFailedError } from '../errors/upcasting-failed.error.js';
import { ItemAdded } from '../repository/order.fixture.js';
import { UpcasterChain, type ChainedUpcaster } from './upcaster-chain.js';

function stored(type: string, version: number, data: Record<string, unknown>): StoredEvent {
  return {
    eventId: 'e-1',
    type,
    version,
    streamId: 's-1',
    streamVersion: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-01T00:00:00.000Z',
    data,
    metadata: { tenantId: 't-1' },
    position: logPosition(1, 1),
  };
}

const step = (
  type: string,
  from: number,
  upcast: (data: Record<string, unknown>) => unknown,
  to?: number,
): ChainedUpcaster => ({
  type,
  from,
  to,
  upcaster: { upcast: upcast as (data: object) => object },
  source: `${type}@${from}`,
});

describe('UpcasterChain', () => {
  it('returns the same event when nothing applies', () => {
    const event = stored('order.created', 1, { a: 1 });
    expect(new UpcasterChain().upcast(event)).toBe(event);
    const chain = new UpcasterChain([step('other', 1, (d) => d)], { 'old.type': 'other' });
    expect(chain.upcast(event)).toBe(event);
    expect(new UpcasterChain().isEmpty).toBe(true);
    expect(chain.isEmpty).toBe(false);
  });

  it('chains upcasters of a type from the stored version up, honouring `to` jumps', () => {
    const chain = new UpcasterChain([
      step('order.created', 2, (d) => ({ ...d, v3: true })),
      step('order.created', 1, (d) => ({ ...d, v2: true })),
      step('order.created', 3, (d) => ({ ...d, v5: true }), 5),
    ]);
    const event = stored('order.created', 1, { id: 'o' });

    const result = chain.upcast(event);

    expect(result).toEqual({
      ...event,
      version: 5,
      data: { id: 'o', v2: true, v3: true, v5: true },
    });
    expect(chain.upcast(stored('order.created', 3, {}))).toMatchObject({
      version: 5,
      data: { v5: true },
    });
  });

  it('never changes the stored event, even when an upcaster mutates its input', () => {
    const chain = new UpcasterChain([
      step('t', 1, (d) => {
        d.changed = true;
        (d.nested as { x: number }).x = 2;
        return d;
      }),
    ]);
    const event = stored('t', 1, { nested: { x: 1 } });
    const result = chain.upcast(event);
    expect(event.data).toEqual({ nested: { x: 1 } });
    expect(result.data).toEqual({ nested: { x: 2 }, changed: true });
  });

  it('follows aliases (to types or classes), with upcasters before and after the rename', () => {
    const chain = new UpcasterChain(
      [
        step('order.line-added', 1, (d) => ({ productId: d.sku, quantity: d.qty })),
        step(ItemAdded.type, 2, (d) => ({ ...d, unit: 'pcs' })),
      ],
      { 'order.line-added': ItemAdded, 'order.item-put': 'order.line-added' },
    );

    expect(chain.upcast(stored('order.item-put', 1, { sku: 'p', qty: 2 }))).toMatchObject({
      type: ItemAdded.type,
      version: 3,
      data: { productId: 'p', quantity: 2, unit: 'pcs' },
    });
    expect(chain.upcast(stored('order.line-added', 9, { kept: true }))).toMatchObject({
      type: ItemAdded.type,
      version: 9,
      data: { kept: true },
    });
  });

  it('wraps an upcaster that throws or returns a non-object in UpcastingFailedError', () => {
    const cause = new Error('boom');
    const chain = new UpcasterChain([
      step('a', 1, () => {
        throw cause;
      }),
      step('b', 1, () => [1, 2]),
      step('c', 1, () => null),
    ]);
    const thrown = (() => {
      try {
        chain.upcast(stored('a', 1, {}));
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UpcastingFailedError);
    expect(thrown).toMatchObject({
      code: 'UPCASTING_FAILED',
      eventType: 'a',
      fromVersion: 1,
      toVersion: 2,
      eventId: 'e-1',
      cause,
    });
    expect(() => chain.upcast(stored('b', 1, {}))).toThrow(/returned an array/);
    expect(() => chain.upcast(stored('c', 1, {}))).toThrow(/returned null/);
  });

  it.each([
    ['an empty type', step('', 1, (d) => d)],
    ['from < 1', step('t', 0, (d) => d)],
    ['a fractional version', step('t', 1.5, (d) => d)],
    ['to <= from', step('t', 3, (d) => d, 3)],
    ['no upcast method', { type: 't', from: 1, upcaster: {} } as ChainedUpcaster],
  ])('rejects an upcaster with %s', (_case, upcaster) => {
    expect(() => new UpcasterChain([upcaster])).toThrow(InvalidUpcasterError);
  });

  it('rejects two upcasters for the same type and version, naming both', () => {
    expect(() => new UpcasterChain([step('t', 1, (d) => d), step('t', 1, (d) => d, 3)])).toThrow(
      /upcaster t v1 -> v3 \(t@1\).*upcaster t v1 -> v2 \(t@1\) already upcasts/,
    );
  });

  it('rejects alias cycles, self-aliases, empty types and invalid classes', () => {
    expect(() => new UpcasterChain([], { a: 'b', b: 'c', c: 'a' })).toThrow(
      /cycle: a -> b -> c -> a/,
    );
    expect(() => new UpcasterChain([], { a: 'a' })).toThrow(InvalidUpcasterError);
    expect(() => new UpcasterChain([], { '': 'a' })).toThrow(InvalidUpcasterError);
    expect(() => new UpcasterChain([], { a: '' })).toThrow(InvalidUpcasterError);
    class NoType {}
    expect(() => new UpcasterChain([], { a: NoType as unknown as typeof ItemAdded })).toThrow(
      InvalidEventClassError,
    );
  });
});
