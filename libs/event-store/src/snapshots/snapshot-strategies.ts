import { eventTypeOf, type DomainEventClass } from '@cqrs-ddd/core';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import type { SnapshotContext, SnapshotStrategy } from './snapshot-strategy.js';

const NEVER: SnapshotStrategy = { shouldSnapshot: () => false };

/**
 * Building blocks for snapshot strategies, composable with {@link SnapshotStrategies.all} and
 * {@link SnapshotStrategies.any}:
 *
 * ```ts
 * SnapshotStrategies.any(
 *   SnapshotStrategies.everyNEvents(100),
 *   SnapshotStrategies.onEventTypes(OrderConfirmed),
 * )
 * ```
 */
export const SnapshotStrategies = {
  /** Never snapshot (the default). */
  never(): SnapshotStrategy {
    return NEVER;
  },

  /** Snapshot once at least `n` events are not covered by the latest snapshot. */
  everyNEvents(n: number): SnapshotStrategy {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new EventStoreConfigurationError(
        `SnapshotStrategies.everyNEvents(n) needs an integer n >= 1, got ${String(n)}.`,
      );
    }
    return {
      shouldSnapshot: ({ version, snapshotVersion }: SnapshotContext) =>
        version - snapshotVersion >= n,
    };
  },

  /** Snapshot when the save appended an event of one of these types (classes or type strings). */
  onEventTypes(...types: Array<DomainEventClass<object> | string>): SnapshotStrategy {
    if (types.length === 0) {
      throw new EventStoreConfigurationError(
        'SnapshotStrategies.onEventTypes(...) needs at least one event class or type.',
      );
    }
    const wanted = new Set(
      types.map((type) => (typeof type === 'string' ? type : eventTypeOf(type))),
    );
    return {
      shouldSnapshot: ({ events }: SnapshotContext) =>
        events.some((event) => wanted.has(eventTypeOf(event))),
    };
  },

  /** Snapshot when every given strategy says so (`all()` of nothing never snapshots). */
  all(...strategies: SnapshotStrategy[]): SnapshotStrategy {
    if (strategies.length === 0) return NEVER;
    return {
      shouldSnapshot: (context: SnapshotContext) =>
        strategies.every((strategy) => strategy.shouldSnapshot(context)),
    };
  },

  /** Snapshot when at least one given strategy says so. */
  any(...strategies: SnapshotStrategy[]): SnapshotStrategy {
    return {
      shouldSnapshot: (context: SnapshotContext) =>
        strategies.some((strategy) => strategy.shouldSnapshot(context)),
    };
  },
} as const;
