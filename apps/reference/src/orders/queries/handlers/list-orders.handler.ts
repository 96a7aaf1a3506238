import { type Page, ReadModelStore } from '@cqrs-ddd/core';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { ListOrdersQuery } from '../list-orders.query.js';
import { orderSummariesOfCurrentTenant } from '../order-summaries.js';
import { ORDER_QUERY_SCHEMA } from '../order-query.schema.js';

/** Lists order summaries: filter, sort, limit and opaque cursor, per `ORDER_QUERY_SCHEMA`. */
@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery, Page<OrderSummary>> {
  constructor(private readonly store: ReadModelStore) {}

  async execute({ filter, sort, limit, cursor }: ListOrdersQuery): Promise<Page<OrderSummary>> {
    const query = ORDER_QUERY_SCHEMA.parse({ filter, sort, limit, cursor });
    return orderSummariesOfCurrentTenant(this.store).find(query);
  }
}
