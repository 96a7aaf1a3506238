import {
  CheckpointStore,
  CqrsDddModule,
  EventStore,
  ReadModelStore,
  type StoredEvent,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { EVENT_STORE_UNIT_OF_WORK, EventStoreModule } from '@cqrs-ddd/event-store';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { developmentTenantStep } from '../../src/config/development-tenant.step.js';
import { type OrdersModuleOptions, OrdersModule } from '../../src/orders/orders.module.js';
import { OrderSummaryProcessor } from '../../src/orders/read-model/order-summary.processor.js';
import { ReadModelProgress } from '../../src/orders/read-model/read-model-progress.js';
import { ReadStoreModule } from '../../src/read-store/read-store.module.js';

/** The Orders context on in-memory adapters (no I/O), as unit specs use it. */
export interface OrdersTestApp {
  readonly app: INestApplicationContext;
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly checkpoints: CheckpointStore;
  readonly processor: OrderSummaryProcessor;
  readonly progress: ReadModelProgress;
  /** Resolves once the processor applied every Order event in the log (bounded wait). */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots `OrdersModule` on the memory drivers of the event store and the read store, with the
 * pipeline's development-tenant step, like the app does on PostgreSQL.
 */
export async function createOrdersTestApp(
  options: OrdersModuleOptions = {},
): Promise<OrdersTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsDddModule.forRootAsync({
        imports: [EventStoreModule.forRoot({ driver: 'memory' })],
        inject: [EVENT_STORE_UNIT_OF_WORK],
        useFactory: (unitOfWork: UnitOfWork) => ({
          unitOfWork,
          pipeline: { logging: false, steps: [developmentTenantStep()] },
        }),
      }),
      ReadStoreModule.forRoot({ driver: 'memory' }),
      OrdersModule.forRoot({ readModelWaitMs: 2000, ...options }),
    ],
  }).compile();
  const app = await moduleRef.init();
  const eventStore = app.get(EventStore);
  const processor = app.get(OrderSummaryProcessor);
  const progress = app.get(ReadModelProgress);
  return {
    app,
    commands: app.get(CommandBus),
    queries: app.get(QueryBus),
    eventStore,
    readModels: app.get(ReadModelStore),
    checkpoints: app.get(CheckpointStore),
    processor,
    progress,
    async caughtUp() {
      const { satisfied } = await progress.waitUntil(
        async () => lastEvent(await eventStore.readAll({ limit: 10_000 })),
        (last) =>
          last === undefined || processor.position?.globalPosition === last.position.globalPosition,
        2000,
      );
      if (!satisfied) throw new Error('The OrderSummary processor did not catch up within 2 s.');
    },
    close: () => app.close(),
  };
}

function lastEvent(events: readonly StoredEvent[]): StoredEvent | undefined {
  return events[events.length - 1];
}
