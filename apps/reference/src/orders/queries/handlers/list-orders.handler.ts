import { AccessScope } from '@cqrs-ddd/access-control';
import type { Page } from '@cqrs-ddd/core';
import { InjectReadModel, type ReadModelRepository } from '@cqrs-ddd/projections';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { OrderSummaryProjection } from '../../read-model/order-summary.projection.js';
import { ORDER_RESOURCE, OrderPermission } from '../../../access/order-access.rules.js';
import { ListOrdersQuery } from '../list-orders.query.js';

/**
 * Lists the caller tenant's order summaries: filter, sort, limit and opaque cursor, checked
 * against `ORDER_QUERY_SCHEMA` (the repository's query schema) and run by the read store — with
 * the caller's ABAC conditions (the customer scope) ANDed into the filter, so the store itself
 * returns only permitted orders.
 */
@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery, Page<OrderSummary>> {
  constructor(
    @InjectReadModel(OrderSummaryProjection)
    private readonly summaries: ReadModelRepository<OrderSummary>,
    private readonly scope: AccessScope,
  ) {}

  async execute({ filter, sort, limit, cursor }: ListOrdersQuery): Promise<Page<OrderSummary>> {
    const permitted = await this.scope.restrict(undefined, OrderPermission.READ, ORDER_RESOURCE);
    return this.summaries.query({ filter, sort, limit, cursor }, permitted);
  }
}
