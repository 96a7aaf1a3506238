import { Clock, EventTypeRegistry, SystemClock } from '@cqrs-ddd/core';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import {
  aggregateTypeOf,
  assertSupportsSnapshots,
  snapshotRevisionOf,
  type AggregateClass,
  type AggregateIdOf,
  type AnyAggregateRoot,
} from '../repository/aggregate-class.js';
import {
  AggregateRepository,
  type RepositorySnapshotSettings,
} from '../repository/aggregate-repository.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import { SnapshotStrategies } from '../snapshots/snapshot-strategies.js';
import { EventDeserializer } from '../upcasting/event-deserializer.js';
import {
  toAggregateFeature,
  type AggregateFeature,
  type EventStoreFeatureOptions,
} from './aggregate-feature.js';
import { EVENT_STORE_DRIVER, type EventStoreDriverInstance } from './event-store-driver.js';
import type { EventStoreModuleOptions } from './event-store-module.options.js';
import { EVENT_STORE_MODULE_OPTIONS } from './event-store.module-definition.js';

/**
 * Builds the `AggregateRepository` of each `forFeature` entry on the module's driver, registry
 * and upcasters. Apps normally inject the repositories, not this factory; it is public for
 * repositories created outside `forFeature` (e.g. in tests or scripts).
 */
@Injectable()
export class AggregateRepositoryFactory {
  constructor(
    @Inject(EVENT_STORE_MODULE_OPTIONS) private readonly options: EventStoreModuleOptions,
    @Inject(EVENT_STORE_DRIVER) private readonly driver: EventStoreDriverInstance,
    private readonly registry: EventTypeRegistry,
    private readonly deserializer: EventDeserializer,
    private readonly snapshotWriter: BackgroundSnapshotWriter,
    @Optional() private readonly clock: Clock = new SystemClock(),
  ) {}

  /**
   * The repository of `entry`; registers `featureOptions.events` first.
   * @throws InvalidAggregateClassError when the class has no aggregate type, or snapshots are
   * configured for a class without snapshot hooks
   */
  create<T extends AnyAggregateRoot>(
    entry: AggregateClass<T> | AggregateFeature<T>,
    featureOptions: EventStoreFeatureOptions = {},
  ): AggregateRepository<T> {
    const feature = toAggregateFeature(entry);
    this.registry.register(...(featureOptions.events ?? []));
    const cls = feature.aggregate;
    return new AggregateRepository<T>(
      {
        aggregateClass: cls,
        aggregateType: aggregateTypeOf(cls, feature.aggregateType),
        create:
          feature.create ??
          ((id: AggregateIdOf<T>) => new (cls as unknown as new (id: unknown) => T)(id)),
        snapshots: this.snapshotSettings(feature, featureOptions),
      },
      {
        eventStore: this.driver.eventStore,
        snapshotStore: this.driver.snapshotStore,
        unitOfWork: this.driver.unitOfWork,
        registry: this.registry,
        deserializer: this.deserializer,
        snapshotWriter: this.snapshotWriter,
        clock: this.clock,
      },
    );
  }

  private snapshotSettings<T extends AnyAggregateRoot>(
    feature: AggregateFeature<T>,
    featureOptions: EventStoreFeatureOptions,
  ): RepositorySnapshotSettings | undefined {
    const settings = {
      ...this.options.snapshots,
      ...featureOptions.snapshots,
      ...feature.snapshots,
    };
    const strategy = settings.strategy ?? SnapshotStrategies.never();
    if (strategy === SnapshotStrategies.never()) return undefined;
    assertSupportsSnapshots(feature.aggregate);
    const mode = settings.mode ?? 'inline';
    if (mode !== 'inline' && mode !== 'async') {
      throw new EventStoreConfigurationError(
        `snapshots.mode of ${feature.aggregate.name} must be 'inline' or 'async', got ${JSON.stringify(mode)}.`,
      );
    }
    return { strategy, revision: snapshotRevisionOf(feature.aggregate, settings.revision), mode };
  }
}
