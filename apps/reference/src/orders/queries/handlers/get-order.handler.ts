import { AccessScope } from '@cqrs-ddd/access-control';
import { NotFoundError } from '@cqrs-ddd/core';
import { InjectReadModel, type ReadModelRepository } from '@cqrs-ddd/projections';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { OrderSummaryProjection } from '../../read-model/order-summary.projection.js';
import { ReadModelLaggingError } from '../../read-model/read-model-lagging.error.js';
import { ORDER_RESOURCE, OrderPermission } from '../../../access/order-access.rules.js';
import { GetOrderQuery } from '../get-order.query.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from '../orders-read.options.js';

/**
 * Reads one order summary of the caller's tenant, first waiting (bounded) until the projection
 * applied the order's event at `minVersion` when asked (read-your-writes). An order the caller's
 * ABAC conditions exclude (another customer's) is not found, as if it did not exist.
 */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderSummary> {
  constructor(
    @InjectReadModel(OrderSummaryProjection)
    private readonly summaries: ReadModelRepository<OrderSummary>,
    @Inject(ORDERS_READ_OPTIONS) private readonly options: OrdersReadOptions,
    private readonly scope: AccessScope,
  ) {}

  async execute({ id, minVersion }: GetOrderQuery): Promise<OrderSummary> {
    if (minVersion === undefined) {
      return this.visible(id, await this.summaries.get(id));
    }
    const started = performance.now();
    // Resolves false at once when the order has no such version (yet): nothing to wait for.
    await this.summaries.waitFor(
      { streamId: id, version: minVersion },
      this.options.readModelWaitMs ?? 5000,
    );
    const summary = await this.summaries.get(id);
    if (summary && summary.version >= minVersion) return this.visible(id, summary);
    const waitedMs = Math.round(performance.now() - started);
    throw new ReadModelLaggingError('Order', id, minVersion, summary?.version ?? 0, waitedMs);
  }

  /** `summary` when there is one the caller may read, else `NotFoundError`. */
  private async visible(id: string, summary: OrderSummary | undefined): Promise<OrderSummary> {
    if (!summary) throw new NotFoundError('Order', id);
    const resource = { type: ORDER_RESOURCE, id, attributes: { ...summary } };
    if (await this.scope.permits(OrderPermission.READ, resource)) return summary;
    throw new NotFoundError('Order', id);
  }
}
