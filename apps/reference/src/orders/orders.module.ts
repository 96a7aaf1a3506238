import { EventStoreModule, SnapshotStrategies } from '@cqrs-ddd/event-store';
import { ProjectionsModule } from '@cqrs-ddd/projections';
import { type DynamicModule, Module } from '@nestjs/common';
import { OrderResourceLoader } from '../access/order.resource-loader.js';
import { ORDER_COMMAND_HANDLERS } from './commands/handlers/order-command-handlers.js';
import { Order } from './domain/order.aggregate.js';
import { ORDER_EVENTS } from './events/order-events.js';
import { GetOrderHandler } from './queries/handlers/get-order.handler.js';
import { ListOrdersHandler } from './queries/handlers/list-orders.handler.js';
import { ORDER_QUERY_SCHEMA } from './queries/order-query.schema.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from './queries/orders-read.options.js';
import { OrderSummaryProjection } from './read-model/order-summary.projection.js';

/** Options of {@link OrdersModule.forRoot}. */
export interface OrdersModuleOptions extends OrdersReadOptions {
  /**
   * Snapshot an order once this many events are not covered by its latest snapshot. Off by
   * default: orders live for a handful of events, so a snapshot would cost one more read per
   * command and save nothing; turn it on for long-lived aggregates.
   * @default undefined (no snapshots)
   */
  readonly snapshotEvery?: number;
}

/**
 * The Orders bounded context: the event-sourced `Order` aggregate and its repository, the
 * command handlers, the `OrderSummary` projection and its query handlers, the order resource
 * loader of the ABAC rules. Needs `CqrsDddModule`, a global `EventStoreModule.forRoot(...)`,
 * `ProjectionsModule.forRoot(...)` and a global `AccessControlModule`.
 */
@Module({})
export class OrdersModule {
  /** Registers the Orders context with `options`. */
  static forRoot(options: OrdersModuleOptions = {}): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        EventStoreModule.forFeature([Order], {
          events: ORDER_EVENTS,
          ...(options.snapshotEvery === undefined
            ? {}
            : { snapshots: { strategy: SnapshotStrategies.everyNEvents(options.snapshotEvery) } }),
        }),
        ProjectionsModule.forFeature([
          { projection: OrderSummaryProjection, repository: { querySchema: ORDER_QUERY_SCHEMA } },
        ]),
      ],
      providers: [
        { provide: ORDERS_READ_OPTIONS, useValue: options },
        ...ORDER_COMMAND_HANDLERS,
        GetOrderHandler,
        ListOrdersHandler,
        OrderResourceLoader,
      ],
    };
  }
}
