import { EventStoreModule, SnapshotStrategies } from '@cqrs-ddd/event-store';
import { type DynamicModule, Module } from '@nestjs/common';
import { ORDER_COMMAND_HANDLERS } from './commands/handlers/order-command-handlers.js';
import { Order } from './domain/order.aggregate.js';
import { ORDER_EVENTS } from './events/order-events.js';
import { GetOrderHandler } from './queries/handlers/get-order.handler.js';
import { ListOrdersHandler } from './queries/handlers/list-orders.handler.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from './queries/orders-read.options.js';
import {
  ORDER_SUMMARY_PROCESSOR_OPTIONS,
  type OrderSummaryProcessorOptions,
} from './read-model/order-summary-processor.options.js';
import { OrderSummaryProcessor } from './read-model/order-summary.processor.js';
import { ReadModelProgress } from './read-model/read-model-progress.js';

/** Options of {@link OrdersModule.forRoot}. */
export interface OrdersModuleOptions extends OrdersReadOptions {
  /**
   * Settings of the `OrderSummary` processor.
   * @default {} (batches of 500, started with the application)
   */
  readonly processor?: OrderSummaryProcessorOptions;
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
 * command handlers, the `OrderSummary` read model (processor + query handlers). Needs
 * `CqrsDddModule`, a global `EventStoreModule.forRoot(...)` and `ReadStoreModule.forRoot(...)`.
 * Exports the processor and `ReadModelProgress` (health checks, tests).
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
      ],
      providers: [
        { provide: ORDERS_READ_OPTIONS, useValue: options },
        { provide: ORDER_SUMMARY_PROCESSOR_OPTIONS, useValue: options.processor ?? {} },
        ReadModelProgress,
        OrderSummaryProcessor,
        ...ORDER_COMMAND_HANDLERS,
        GetOrderHandler,
        ListOrdersHandler,
      ],
      exports: [OrderSummaryProcessor, ReadModelProgress],
    };
  }
}
