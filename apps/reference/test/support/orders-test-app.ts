import { AccessControlModule } from '@cqrs-ddd/access-control';
import { CqrsDddModule, EventStore, ReadModelStore, type UnitOfWork } from '@cqrs-ddd/core';
import { EVENT_STORE_UNIT_OF_WORK, EventStoreModule } from '@cqrs-ddd/event-store';
import {
  type ProjectionRuntime,
  ProjectionsModule,
  ProjectionsService,
} from '@cqrs-ddd/projections';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { ORDER_ACCESS_CONTROL } from '../../src/access/order-access.rules.js';
import { fixedTenantStep } from './fixed-tenant.step.js';
import { type OrdersModuleOptions, OrdersModule } from '../../src/orders/orders.module.js';
import { OrderSummaryProjection } from '../../src/orders/read-model/order-summary.projection.js';

/** Options of {@link createOrdersTestApp}. */
export interface OrdersTestAppOptions extends OrdersModuleOptions {
  /** Start the projections with the app. @default true */
  readonly projections?: boolean;
}

/** The Orders context on in-memory adapters (no I/O), as unit specs use it. */
export interface OrdersTestApp {
  readonly app: INestApplicationContext;
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  /** The `OrderSummary` projection (pause/resume, status); started unless `projections: false`. */
  readonly projection: ProjectionRuntime;
  /** Resolves once the projection applied every event in the log (bounded wait). */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots `OrdersModule` on the memory drivers of the event store and the projections, with the
 * app's access control and the pipeline's fixed tenant and caller, like the app does on PostgreSQL.
 */
export async function createOrdersTestApp(
  options: OrdersTestAppOptions = {},
): Promise<OrdersTestApp> {
  const { projections = true, ...orders } = options;
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsDddModule.forRootAsync({
        imports: [EventStoreModule.forRoot({ driver: 'memory' })],
        inject: [EVENT_STORE_UNIT_OF_WORK],
        useFactory: (unitOfWork: UnitOfWork) => ({
          unitOfWork,
          pipeline: { logging: false, steps: [fixedTenantStep()] },
        }),
      }),
      AccessControlModule.forRoot({ ...ORDER_ACCESS_CONTROL, isGlobal: true }),
      ProjectionsModule.forRoot({ store: 'memory', autoStart: projections }),
      OrdersModule.forRoot({ readModelWaitMs: 2000, ...orders }),
    ],
  }).compile();
  const app = await moduleRef.init();
  const eventStore = app.get(EventStore);
  const service = app.get(ProjectionsService);
  return {
    app,
    commands: app.get(CommandBus),
    queries: app.get(QueryBus),
    eventStore,
    readModels: app.get(ReadModelStore),
    projection: service.runtime(OrderSummaryProjection),
    async caughtUp() {
      const head = await eventStore.headPosition();
      if (head && !(await service.waitFor(OrderSummaryProjection, head, 2000))) {
        throw new Error('The OrderSummary projection did not catch up within 2 s.');
      }
    },
    close: () => app.close(),
  };
}
