import type { Page } from '@cqrs-ddd/core';
import { InjectReadModel, type ReadModelRepository } from '@cqrs-ddd/projections';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { OrderSummaryProjection } from '../../read-model/order-summary.projection.js';
import { ListOrdersQuery } from '../list-orders.query.js';

/**
 * Lists the caller tenant's order summaries: filter, sort, limit and opaque cursor, checked
 * against `ORDER_QUERY_SCHEMA` (the repository's query schema) and run by the read store.
 */
@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery, Page<OrderSummary>> {
  constructor(
    @InjectReadModel(OrderSummaryProjection)
    private readonly summaries: ReadModelRepository<OrderSummary>,
  ) {}

  execute({ filter, sort, limit, cursor }: ListOrdersQuery): Promise<Page<OrderSummary>> {
    return this.summaries.query({ filter, sort, limit, cursor });
  }
}
