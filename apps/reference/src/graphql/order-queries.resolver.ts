import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { isNotFoundError, type Page } from '@cqrs-ddd/core';
import { toOrderDto, toOrderPageDto } from '../http/orders/order-views.js';
import { GetOrderQuery } from '../orders/queries/get-order.query.js';
import { ListOrdersQuery } from '../orders/queries/list-orders.query.js';
import type { OrderSummary } from '../orders/read-model/order-summary.js';
import { OrderArgs } from './args/order.args.js';
import { OrdersArgs } from './args/orders.args.js';
import { OrderConnectionType } from './types/order-connection.type.js';
import { OrderType } from './types/order.type.js';

/** Order queries: each validates its arguments and sends one query. */
@Resolver(() => OrderType)
export class OrderQueriesResolver {
  constructor(private readonly queries: QueryBus) {}

  /** One order, or null when there is none; `minVersion` waits for read-your-writes. */
  @Query(() => OrderType, { nullable: true })
  async order(@Args() { id, minVersion }: OrderArgs): Promise<OrderType | null> {
    try {
      const query = new GetOrderQuery(id, minVersion ?? undefined);
      return toOrderDto(await this.queries.execute<GetOrderQuery, OrderSummary>(query));
    } catch (error) {
      // `order` is nullable: an unknown id is an empty answer, not an error.
      if (isNotFoundError(error)) return null;
      throw error;
    }
  }

  /** A page of orders: filter, sort, `first` (page size) and `after` (cursor). */
  @Query(() => OrderConnectionType)
  async orders(@Args() { filter, sort, first, after }: OrdersArgs): Promise<OrderConnectionType> {
    const query = new ListOrdersQuery(
      filter ?? undefined,
      sort ?? undefined,
      first ?? undefined,
      after ?? undefined,
    );
    return toOrderPageDto(await this.queries.execute<ListOrdersQuery, Page<OrderSummary>>(query));
  }
}
