import { EventStoreModule, SnapshotStrategies } from '@cqrs-ddd/event-store';
import { InMemoryCache } from '@cqrs-ddd/core';
import { ProjectionsModule } from '@cqrs-ddd/projections';
import { getRedisCacheToken, RedisModule } from '@cqrs-ddd/redis';
import { type DynamicModule, Module } from '@nestjs/common';
import { OrderResourceLoader } from '../access/order.resource-loader.js';
import { ORDER_COMMAND_HANDLERS } from './commands/handlers/order-command-handlers.js';
import { Order } from './domain/order.aggregate.js';
import { ORDER_EVENTS } from './events/order-events.js';
import { GetOrderHandler } from './queries/handlers/get-order.handler.js';
import { ListOrdersHandler } from './queries/handlers/list-orders.handler.js';
import { ORDER_QUERY_SCHEMA } from './queries/order-query.schema.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from './queries/orders-read.options.js';
import { CachedOrderSummaries, ORDERS_CACHE } from './read-model/cached-order-summaries.js';
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
  /**
   * Where order reads are cached: `'redis'` (a namespace of the global `RedisModule`'s client,
   * shared by every instance) or `'memory'` (this process).
   * @default 'memory'
   */
  readonly cache?: 'redis' | 'memory';
  /** How long an order read stays cached, in ms. @default 1000 */
  readonly cacheTtlMs?: number;
}

/** Namespace of the orders cache (its keys are per tenant within it). */
const ORDERS_CACHE_NAMESPACE = 'orders';

/**
 * The Orders bounded context: the event-sourced `Order` aggregate and its repository, the
 * command handlers, the `OrderSummary` projection and its query handlers (order reads through
 * a cache, `CachedOrderSummaries`), the order resource loader of the ABAC rules. Needs `CqrsDddModule`, a global `EventStoreModule.forRoot(...)`,
 * `ProjectionsModule.forRoot(...)` and a global `AccessControlModule`.
 */
@Module({})
export class OrdersModule {
  /** Registers the Orders context with `options`. */
  static forRoot(options: OrdersModuleOptions = {}): DynamicModule {
    const cacheOptions = {
      namespace: ORDERS_CACHE_NAMESPACE,
      defaultTtlMs: options.cacheTtlMs ?? 1000,
    };
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
        ...(options.cache === 'redis' ? [RedisModule.forCache(cacheOptions)] : []),
      ],
      providers: [
        options.cache === 'redis'
          ? { provide: ORDERS_CACHE, useExisting: getRedisCacheToken(ORDERS_CACHE_NAMESPACE) }
          : { provide: ORDERS_CACHE, useFactory: () => new InMemoryCache(cacheOptions) },
        CachedOrderSummaries,
        { provide: ORDERS_READ_OPTIONS, useValue: options },
        ...ORDER_COMMAND_HANDLERS,
        GetOrderHandler,
        ListOrdersHandler,
        OrderResourceLoader,
      ],
    };
  }
}
