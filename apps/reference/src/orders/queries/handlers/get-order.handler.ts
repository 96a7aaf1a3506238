import { NotFoundError } from '@cqrs-ddd/core';
import { InjectReadModel, type ReadModelRepository } from '@cqrs-ddd/projections';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { OrderSummaryProjection } from '../../read-model/order-summary.projection.js';
import { ReadModelLaggingError } from '../../read-model/read-model-lagging.error.js';
import { GetOrderQuery } from '../get-order.query.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from '../orders-read.options.js';

/**
 * Reads one order summary of the caller's tenant, first waiting (bounded) until the projection
 * applied the order's event at `minVersion` when asked (read-your-writes).
 */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderSummary> {
  constructor(
    @InjectReadModel(OrderSummaryProjection)
    private readonly summaries: ReadModelRepository<OrderSummary>,
    @Inject(ORDERS_READ_OPTIONS) private readonly options: OrdersReadOptions,
  ) {}

  async execute({ id, minVersion }: GetOrderQuery): Promise<OrderSummary> {
    if (minVersion === undefined) {
      const summary = await this.summaries.get(id);
      if (!summary) throw new NotFoundError('Order', id);
      return summary;
    }
    const started = performance.now();
    // Resolves false at once when the order has no such version (yet): nothing to wait for.
    await this.summaries.waitFor(
      { streamId: id, version: minVersion },
      this.options.readModelWaitMs ?? 5000,
    );
    const summary = await this.summaries.get(id);
    if (summary && summary.version >= minVersion) return summary;
    const waitedMs = Math.round(performance.now() - started);
    throw new ReadModelLaggingError('Order', id, minVersion, summary?.version ?? 0, waitedMs);
  }
}
