import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type FactoryProvider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { aggregateTypeOf } from '../repository/aggregate-class.js';
import { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import {
  toAggregateFeature,
  type AggregateFeatureEntry,
  type EventStoreFeatureOptions,
} from './aggregate-feature.js';
import { AggregateRepositoryFactory } from './aggregate-repository.factory.js';
import { EVENT_STORE_DRIVER, type EventStoreDriverInstance } from './event-store-driver.js';
import {
  ConfigurableEventStoreModule,
  type EventStoreModuleRootOptions,
} from './event-store.module-definition.js';
import { eventStoreExports, eventStoreProviders } from './event-store.providers.js';
import { getAggregateRepositoryToken } from './event-store.tokens.js';

/** The module `EventStoreModule.forFeature` returns: only the repositories of its aggregates. */
@Module({})
export class EventStoreFeatureModule {}

/**
 * The event store: `EventStore`, `SnapshotStore`, `EventTypeRegistry`, upcasting
 * (`UpcasterRegistry`, `EventDeserializer`) and the transaction boundary
 * (`EVENT_STORE_UNIT_OF_WORK`) on the configured driver, plus one `AggregateRepository` per
 * aggregate registered with {@link EventStoreModule.forFeature}.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     MikroOrmModule.forRoot({ ... }),                       // postgres driver only
 *     EventStoreModule.forRoot({ driver: 'postgres', events: [OrderCreated, ItemAdded] }),
 *     EventStoreModule.forFeature([Order], { snapshots: { strategy: SnapshotStrategies.everyNEvents(100) } }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * Per-tenant storage: when a `StorageTargets` provider is visible (the multitenancy module
 * provides it globally), `EventStore`, `SnapshotStore`, the unit of work and the repositories
 * route every call to the store of `storageTargets.current()` — the tenant's own schema or
 * database, created (and migrated with `postgres.migrate`) on first use — and
 * `TargetEventStores` gives processors the store of any target.
 *
 * On shutdown it waits for background snapshots and closes the driver's LISTEN connection
 * (before MikroORM closes its pool), and those of every storage target.
 */
@Module({
  imports: [DiscoveryModule],
  providers: eventStoreProviders,
  exports: eventStoreExports,
})
export class EventStoreModule
  extends ConfigurableEventStoreModule
  implements BeforeApplicationShutdown
{
  constructor(
    @Inject(EVENT_STORE_DRIVER) private readonly driver: EventStoreDriverInstance,
    private readonly snapshotWriter: BackgroundSnapshotWriter,
  ) {
    super();
  }

  /** Registers the module with static options (see `EventStoreModuleOptions`). */
  static override forRoot(options: EventStoreModuleRootOptions): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * Provides one `AggregateRepository` per aggregate, injected with
   * `@InjectAggregateRepository(Order)`, and exports exactly them. Needs the global
   * `EventStoreModule.forRoot(...)` (the default `isGlobal: true`).
   * @throws InvalidAggregateClassError at once when an aggregate has no stable `aggregateType`
   */
  static forFeature(
    aggregates: AggregateFeatureEntry[],
    options: EventStoreFeatureOptions = {},
  ): DynamicModule {
    const repositories = aggregates.map((entry): FactoryProvider => {
      const feature = toAggregateFeature(entry);
      aggregateTypeOf(feature.aggregate, feature.aggregateType);
      return {
        provide: getAggregateRepositoryToken(feature.aggregate),
        inject: [AggregateRepositoryFactory],
        useFactory: (factory: AggregateRepositoryFactory) => factory.create(entry, options),
      };
    });
    return {
      module: EventStoreFeatureModule,
      providers: [...(options.upcasters ?? []), ...repositories],
      exports: repositories.map((provider) => provider.provide),
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.snapshotWriter.close();
    await this.driver.close();
  }
}
