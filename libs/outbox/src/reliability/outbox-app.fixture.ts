import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import {
  CqrsDddModule,
  EventStore,
  StorageTargets,
  TargetEventStores,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { EVENT_STORE_UNIT_OF_WORK, EventStoreModule } from '@cqrs-ddd/event-store';
import { ProjectionsModule } from '@cqrs-ddd/projections';
import type { DynamicModule } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { OutboxPublisherDefinition } from '../relay/outbox-publisher.definition.js';
import { OutboxModule } from '../module/outbox.module.js';
import { OutboxService } from '../module/outbox.service.js';
import { type OutboxRelays } from '../module/outbox-relays.js';
import { OUTBOX_RELAYS } from '../module/outbox.tokens.js';
import type { RelaySchemas } from './relay-database.fixture.js';

/** A running application instance with the outbox (one MikroORM pool of its own). */
export interface OutboxApp {
  readonly moduleRef: TestingModule;
  readonly outbox: OutboxService;
  /** The app's event store (PostgreSQL, on the app's pool; routed with storage targets). */
  readonly eventStore: EventStore;
  /** The event log of each storage target. */
  readonly targetEventStores: TargetEventStores;
  /** The event store's unit of work (a MikroORM transaction). */
  readonly unitOfWork: UnitOfWork;
  /** The outbox's engine and relays (to reset a checkpoint). */
  readonly relays: OutboxRelays;
  /** Shuts the app down gracefully (publishers stopped, leases released, pool closed); idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startOutboxApp}. */
export interface OutboxAppOptions {
  /** The outbox's `autoStart`. @default true */
  readonly autoStart?: boolean;
  /**
   * Tenants with storage of their own: provided globally (as the multitenancy module does),
   * with the event store migrating each target and `ProjectionsModule` (its PostgreSQL tables
   * on `schemas.projectionsSchema`), which runs the outbox on every target.
   */
  readonly storageTargets?: StorageTargets;
}

/**
 * Boots an application as an app would configure the outbox: `MikroOrmModule` (its own
 * pool), `CqrsDddModule` with the PostgreSQL `EventStoreModule` on `schemas.eventStoreSchema`,
 * and `OutboxModule.forRoot({ publishers })` with the PostgreSQL coordination on
 * `schemas.projectionsSchema`. Close it with {@link OutboxApp.close}.
 */
export async function startOutboxApp(
  schemas: RelaySchemas,
  publishers: readonly OutboxPublisherDefinition[],
  { autoStart = true, storageTargets }: OutboxAppOptions = {},
): Promise<OutboxApp> {
  const routing: DynamicModule[] = storageTargets
    ? [
        {
          module: class StorageTargetsModule {},
          global: true,
          providers: [{ provide: StorageTargets, useValue: storageTargets }],
          exports: [StorageTargets],
        },
        ProjectionsModule.forRoot({
          store: 'postgres',
          postgres: { schema: schemas.projectionsSchema },
        }),
      ]
    : [];
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...routing,
      testMikroOrmModule({ pool: { min: 0, max: 10 } }),
      CqrsDddModule.forRoot({
        modules: [
          EventStoreModule.forRoot({
            driver: 'postgres',
            postgres: {
              schema: schemas.eventStoreSchema,
              pollIntervalMs: 200,
              migrate: storageTargets !== undefined,
            },
          }),
        ],
      }),
      OutboxModule.forRoot({
        publishers,
        postgres: { schema: schemas.projectionsSchema },
        autoStart,
      }),
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  let closing: Promise<void> | undefined;
  return {
    moduleRef,
    outbox: moduleRef.get(OutboxService),
    eventStore: moduleRef.get(EventStore),
    targetEventStores: moduleRef.get(TargetEventStores),
    unitOfWork: moduleRef.get<UnitOfWork>(EVENT_STORE_UNIT_OF_WORK),
    relays: moduleRef.get<OutboxRelays>(OUTBOX_RELAYS),
    close: () => (closing ??= moduleRef.close()),
  };
}
