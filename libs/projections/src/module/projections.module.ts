import {
  Clock,
  EventStore,
  ReadModelStore,
  StorageTargets,
  TargetEventStores,
} from '@cqrs-ddd/core';
import { EventDeserializer } from '@cqrs-ddd/event-store';
import { MikroORM } from '@mikro-orm/core';
import { type DynamicModule, type FactoryProvider, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ParkedEventStore } from '../processor/parked-event-store.port.js';
import { ProcessorEngine } from '../processor/processor-engine.js';
import { ProjectionStateStore } from '../projection/projection-state-store.port.js';
import {
  ReadModelRepository,
  type ReadModelRepositoryOptions,
} from '../read-model/read-model.repository.js';
import { createProjectionTargets } from '../routing/projection-targets.factory.js';
import { ProjectionTargets } from '../routing/projection-targets.js';
import {
  createProjectionsInfrastructure,
  type ProjectionsInfrastructure,
} from './projections-infrastructure.js';
import {
  ConfigurableProjectionsModule,
  PROJECTIONS_MODULE_OPTIONS,
  type ProjectionsModuleAsyncOptions,
  type ProjectionsModuleRootOptions,
} from './projections.module-definition.js';
import type { ProjectionsModuleOptions } from './projections-module.options.js';
import { ProjectionsService } from './projections.service.js';
import {
  getReadModelRepositoryToken,
  PROJECTIONS_INFRASTRUCTURE,
  type ProjectionClass,
} from './projections.tokens.js';

/** A `forFeature` entry: a projection class, or one with its repository's options. */
export type ProjectionFeatureEntry =
  | ProjectionClass
  | {
      readonly projection: ProjectionClass;
      /** Options of the projection's `ReadModelRepository` (e.g. its query schema). */
      // The document type is the projection's own: any, as one list holds several projections.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      readonly repository?: ReadModelRepositoryOptions<any>;
    };

/** The module `ProjectionsModule.forFeature` returns: the projections and their repositories. */
@Module({})
export class ProjectionsFeatureModule {}

/**
 * Projections: checkpointed processors that fold the event log into read models on PostgreSQL,
 * MongoDB or in memory, with read-your-writes waits and zero-downtime rebuilds.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl }),
 *     CqrsDddModule.forRoot({ modules: [EventStoreModule.forRoot({ driver: 'postgres' })] }),
 *     ProjectionsModule.forRoot({ store: 'postgres' }),
 *     ProjectionsModule.forFeature([OrderSummaryProjection]),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * Needs the global `EventStoreModule` (the log) and core's `Clock` (`CqrsDddModule`); the
 * `'postgres'` store and coordination need the app's `MikroOrmModule`, the `'mongo'` store a
 * `MongooseModule` connection.
 *
 * Per-tenant storage: when a `StorageTargets` provider is visible (the multitenancy module
 * provides it for tenants with a schema or database of their own), every such target runs the
 * same projections on its own stores (its schema, its MikroORM, its Mongo database or its memory
 * stores) over its own log (`TargetEventStores`), and reads, waits and status follow the
 * request's tenant (see `ProjectionTargets`). Without it, nothing changes.
 */
@Module({ imports: [DiscoveryModule] })
export class ProjectionsModule extends ConfigurableProjectionsModule {
  /** Registers the module with static options (see `ProjectionsModuleOptions`). */
  static override forRoot(options: ProjectionsModuleRootOptions): DynamicModule {
    return withCoreProviders(super.forRoot(options), options.mongo?.connectionName);
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: ProjectionsModuleAsyncOptions): DynamicModule {
    return withCoreProviders(super.forRootAsync(options), options.mongoConnectionName);
  }

  /**
   * Registers projections (as providers, so they get their dependencies injected) and provides
   * one `ReadModelRepository` per projection, injected with `@InjectReadModel(Projection)`;
   * exports exactly the repositories. Needs the global `ProjectionsModule.forRoot(...)`.
   */
  static forFeature(projections: ProjectionFeatureEntry[]): DynamicModule {
    const entries = projections.map((entry) =>
      typeof entry === 'function' ? { projection: entry, repository: undefined } : entry,
    );
    const repositories = entries.map(({ projection, repository }): FactoryProvider => ({
      provide: getReadModelRepositoryToken(projection),
      inject: [ProjectionsService, projection],
      useFactory: (service: ProjectionsService, instance: object) =>
        new ReadModelRepository(service.readModelSourceOf(instance), repository),
    }));
    return {
      module: ProjectionsFeatureModule,
      providers: [...entries.map(({ projection }) => projection as never), ...repositories],
      exports: repositories.map((provider) => provider.provide),
    };
  }
}

function withCoreProviders(
  definition: DynamicModule,
  mongoConnectionName: string | undefined,
): DynamicModule {
  const providers: Provider[] = [
    {
      provide: PROJECTIONS_INFRASTRUCTURE,
      inject: [
        PROJECTIONS_MODULE_OPTIONS,
        { token: MikroORM, optional: true },
        // Declared, so that Nest creates the (asynchronous) connection first.
        { token: getConnectionToken(mongoConnectionName), optional: true },
        { token: Clock, optional: true },
      ],
      useFactory: (
        options: ProjectionsModuleOptions,
        orm: MikroORM | undefined,
        connection: Connection | undefined,
        clock: Clock | undefined,
      ) => {
        const mongo = options.store === 'mongo' ? connection : undefined;
        return createProjectionsInfrastructure(options, { orm, mongo, clock });
      },
    },
    {
      provide: ProjectionTargets,
      inject: [
        PROJECTIONS_MODULE_OPTIONS,
        PROJECTIONS_INFRASTRUCTURE,
        EventStore,
        { token: MikroORM, optional: true },
        { token: getConnectionToken(mongoConnectionName), optional: true },
        { token: Clock, optional: true },
        { token: StorageTargets, optional: true },
        { token: TargetEventStores, optional: true },
        { token: EventDeserializer, optional: true },
      ],
      useFactory: (
        options: ProjectionsModuleOptions,
        infrastructure: ProjectionsInfrastructure,
        eventStore: EventStore,
        orm: MikroORM | undefined,
        connection: Connection | undefined,
        clock: Clock | undefined,
        storageTargets: StorageTargets | undefined,
        targetEventStores: TargetEventStores | undefined,
        upcasting: EventDeserializer | undefined,
      ) =>
        createProjectionTargets(options, infrastructure, {
          eventStore,
          orm,
          mongo: options.store === 'mongo' ? connection : undefined,
          clock,
          storageTargets,
          targetEventStores,
          upcasting,
        }),
    },
    {
      // The shared target's engine (processors of every target: `ProjectionTargets`).
      provide: ProcessorEngine,
      inject: [ProjectionTargets],
      useFactory: (targets: ProjectionTargets) => targets.shared.engine,
    },
    {
      provide: ReadModelStore,
      inject: [PROJECTIONS_INFRASTRUCTURE],
      useFactory: (infrastructure: ProjectionsInfrastructure) => infrastructure.readModels,
    },
    {
      provide: ParkedEventStore,
      inject: [PROJECTIONS_INFRASTRUCTURE],
      useFactory: (infrastructure: ProjectionsInfrastructure) => infrastructure.parked,
    },
    {
      provide: ProjectionStateStore,
      inject: [PROJECTIONS_INFRASTRUCTURE],
      useFactory: (infrastructure: ProjectionsInfrastructure) => infrastructure.states,
    },
    ProjectionsService,
  ];
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [
      ...(definition.exports ?? []),
      ProjectionsService,
      ProjectionTargets,
      ProcessorEngine,
      ReadModelStore,
      ParkedEventStore,
      ProjectionStateStore,
    ],
  };
}
