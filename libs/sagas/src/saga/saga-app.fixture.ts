// Test fixture (not part of the public API): a Nest app with the real pipeline (the event
// store's MikroORM unit of work), the PostgreSQL event store, SagasModule with the shop saga and
// SchedulingModule on PostgreSQL, everything in one schema.
import { CqrsDddModule, EventStore, eventMetadataFromContext, runInContext } from '@cqrs-ddd/core';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { createTestOrm, testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import type { TestingModule } from '@nestjs/testing';
import { Test } from '@nestjs/testing';
import { SagaAdminService } from '../admin/saga-admin.service.js';
import { SagasModule } from '../module/sagas.module.js';
import { SagasService } from '../module/sagas.service.js';
import { SAGA_ENGINE } from '../module/sagas.tokens.js';
import type { SagaEngine } from './saga-engine.js';
import type { SagaInstance } from './saga-instance.js';
import {
  ORDER_PLACED,
  SHOP_COMMANDS,
  SHOP_PROVIDERS,
  ConfirmationWatchSaga,
  ShopLedger,
  type ShopMode,
  shopFulfilment,
} from './saga-shop.fixture.js';

/** A running test app. */
export interface SagaApp {
  readonly moduleRef: TestingModule;
  readonly em: EntityManager;
  readonly eventStore: EventStore;
  readonly ledger: ShopLedger;
  readonly admin: SagaAdminService;
  readonly sagas: SagasService;
  readonly engine: SagaEngine;
  /** Appends `shop.order-placed` to stream `orderId` as tenant `tenantId`. */
  placeOrder(
    orderId: string,
    mode: ShopMode,
    tenantId: string,
    correlationId?: string,
  ): Promise<void>;
  /** The instance of `orderId` as committed. */
  instance(orderId: string): Promise<SagaInstance | undefined>;
  /** Types of the events of `effects-<orderId>`, in order. */
  effects(orderId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Name of the shop saga. */
export const SHOP_SAGA = 'shop-fulfilment';

/**
 * Boots the app on `schema`, created first: the libraries' migrations run concurrently at
 * start-up, each under its own lock, and would race to create it.
 */
export async function bootSagaApp(schema: string, paymentTimeoutMs: number): Promise<SagaApp> {
  const setup = await createTestOrm();
  await setup.em.getConnection().execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await setup.close();
  const moduleRef = await Test.createTestingModule({
    imports: [
      testMikroOrmModule({ pool: { min: 0, max: 8 } }),
      CqrsDddModule.forRoot({
        modules: [
          EventStoreModule.forRoot({
            driver: 'postgres',
            postgres: { schema, migrate: true, pollIntervalMs: 100 },
          }),
        ],
      }),
      SagasModule.forRootAsync({
        useFactory: () => ({
          sagas: [shopFulfilment(paymentTimeoutMs)],
          commands: SHOP_COMMANDS,
          postgres: { schema },
          roles: ['shop:system'],
          run: {
            idlePollMs: 200,
            leaseTtlMs: 2_000,
            leaseRetryMs: 100,
            retry: { initialDelayMs: 20, maxDelayMs: 100 },
          },
          dispatcher: { pollIntervalMs: 100 },
        }),
        scheduling: {
          store: 'postgres',
          postgres: { schema },
          commands: [],
          worker: { pollIntervalMs: 100 },
          jobs: { pollIntervalMs: 1_000 },
        },
      }),
    ],
    providers: [...SHOP_PROVIDERS, ConfirmationWatchSaga],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const eventStore = moduleRef.get(EventStore);
  const engine = moduleRef.get<SagaEngine>(SAGA_ENGINE);
  const em = moduleRef.get(EntityManager);
  return {
    moduleRef,
    em,
    eventStore,
    ledger: moduleRef.get(ShopLedger),
    admin: moduleRef.get(SagaAdminService),
    sagas: moduleRef.get(SagasService),
    engine,
    placeOrder: (orderId, mode, tenantId, correlationId = `corr-${orderId}`) =>
      runInContext({ tenantId, correlationId }, async () => {
        await eventStore.append(orderId, [
          { type: ORDER_PLACED, version: 1, data: { mode }, metadata: eventMetadataFromContext() },
        ]);
      }),
    instance: (orderId) => engine.runtime.instances.find(SHOP_SAGA, orderId),
    effects: async (orderId) => {
      const types: string[] = [];
      for await (const event of eventStore.readStream(`effects-${orderId}`)) types.push(event.type);
      return types;
    },
    close: () => moduleRef.close(),
  };
}
