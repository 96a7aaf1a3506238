import { describe, expect, it } from '@jest/globals';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import { ItemAdded, OrderConfirmed } from '../repository/order.fixture.js';
import { SnapshotStrategies } from './snapshot-strategies.js';
import type { SnapshotContext } from './snapshot-strategy.js';

const context = (overrides: Partial<SnapshotContext> = {}): SnapshotContext => ({
  aggregateType: 'Order',
  streamId: 'o-1',
  version: 10,
  previousVersion: 9,
  snapshotVersion: 0,
  events: [new ItemAdded('p', 1)],
  ...overrides,
});

describe('SnapshotStrategies', () => {
  it('never() never snapshots', () => {
    expect(SnapshotStrategies.never().shouldSnapshot(context({ version: 1e6 }))).toBe(false);
  });

  it('everyNEvents(n) snapshots once n events are not covered by the latest snapshot', () => {
    const every5 = SnapshotStrategies.everyNEvents(5);
    expect(every5.shouldSnapshot(context({ version: 4, snapshotVersion: 0 }))).toBe(false);
    expect(every5.shouldSnapshot(context({ version: 5, snapshotVersion: 0 }))).toBe(true);
    expect(every5.shouldSnapshot(context({ version: 12, snapshotVersion: 8 }))).toBe(false);
    expect(every5.shouldSnapshot(context({ version: 13, snapshotVersion: 8 }))).toBe(true);
  });

  it.each([0, -1, 2.5, Number.NaN])('everyNEvents(%p) is a configuration error', (n) => {
    expect(() => SnapshotStrategies.everyNEvents(n)).toThrow(EventStoreConfigurationError);
  });

  it('onEventTypes(...) snapshots when the save appended one of the types', () => {
    const onConfirm = SnapshotStrategies.onEventTypes(OrderConfirmed, 'order.shipped');
    expect(onConfirm.shouldSnapshot(context())).toBe(false);
    expect(
      onConfirm.shouldSnapshot(context({ events: [new ItemAdded('p', 1), new OrderConfirmed()] })),
    ).toBe(true);
    expect(() => SnapshotStrategies.onEventTypes()).toThrow(EventStoreConfigurationError);
  });

  it('all(...) and any(...) compose strategies', () => {
    const every5 = SnapshotStrategies.everyNEvents(5);
    const onConfirm = SnapshotStrategies.onEventTypes(OrderConfirmed);
    const confirmed = context({ version: 3, events: [new OrderConfirmed()] });
    const many = context({ version: 7 });
    const both = context({ version: 7, events: [new OrderConfirmed()] });

    const all = SnapshotStrategies.all(every5, onConfirm);
    expect([confirmed, many, both].map((c) => all.shouldSnapshot(c))).toEqual([false, false, true]);
    const any = SnapshotStrategies.any(every5, onConfirm);
    expect([confirmed, many, context({ version: 2 })].map((c) => any.shouldSnapshot(c))).toEqual([
      true,
      true,
      false,
    ]);
    expect(SnapshotStrategies.all().shouldSnapshot(both)).toBe(false);
    expect(SnapshotStrategies.any().shouldSnapshot(both)).toBe(false);
    expect(
      SnapshotStrategies.any(
        SnapshotStrategies.all(every5, onConfirm),
        SnapshotStrategies.everyNEvents(100),
      ).shouldSnapshot(context({ version: 150 })),
    ).toBe(true);
  });
});
