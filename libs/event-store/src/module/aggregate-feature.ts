import type { DomainEventClass } from '@cqrs-ddd/core';
import type { Type } from '@nestjs/common';
import type {
  AggregateClass,
  AggregateIdOf,
  AnyAggregateRoot,
} from '../repository/aggregate-class.js';
import type { AggregateSnapshotOptions } from '../snapshots/snapshot-strategy.js';
import type { EventUpcaster } from '../upcasting/event-upcaster.js';

/** One aggregate of `EventStoreModule.forFeature`, with settings of its own. */
export interface AggregateFeature<T extends AnyAggregateRoot = AnyAggregateRoot> {
  /** The aggregate class. */
  readonly aggregate: AggregateClass<T>;
  /** Stable stream type. @default the class's `static aggregateType` */
  readonly aggregateType?: string;
  /**
   * Creates the empty aggregate that history is loaded into.
   * @default (id) => new aggregate(id)
   */
  readonly create?: (id: AggregateIdOf<T>) => T;
  /** Snapshot settings of this aggregate. @default the `forFeature` options' `snapshots` */
  readonly snapshots?: AggregateSnapshotOptions;
}

/** An entry of `EventStoreModule.forFeature`: an aggregate class, or one with settings. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AggregateFeatureEntry = AggregateClass<any> | AggregateFeature<any>;

/** Options of `EventStoreModule.forFeature`, for all of its aggregates. */
export interface EventStoreFeatureOptions {
  /** Event classes of these aggregates, registered with the `EventTypeRegistry`. @default [] */
  events?: DomainEventClass<object>[];
  /**
   * `@Upcaster()` classes to provide in the feature module (discovered like any other).
   * @default []
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upcasters?: Type<EventUpcaster<any, any>>[];
  /**
   * Snapshot settings of these aggregates (entries may override).
   * @default the module's `snapshots`
   */
  snapshots?: AggregateSnapshotOptions;
}

/** The entry as an {@link AggregateFeature}. */
export function toAggregateFeature<T extends AnyAggregateRoot>(
  entry: AggregateClass<T> | AggregateFeature<T>,
): AggregateFeature<T> {
  return typeof entry === 'function' ? { aggregate: entry } : entry;
}
