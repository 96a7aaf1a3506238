import { AccessScope } from '@cqrs-ddd/access-control';
import { NotFoundError } from '@cqrs-ddd/core';
import { InjectReadModel, type ReadModelRepository } from '@cqrs-ddd/projections';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CachedOrderSummaries } from '../../read-model/cached-order-summaries.js';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { OrderSummaryProjection } from '../../read-model/order-summary.projection.js';
import { ReadModelLaggingError } from '../../read-model/read-model-lagging.error.js';
import { ORDER_RESOURCE, OrderPermission } from '../../../access/order-access.rules.js';
import { GetOrderQuery } from '../get-order.query.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from '../orders-read.options.js';

/**
 * Reads one order summary of the caller's tenant through the orders cache. With `minVersion`
 * (read-your-writes) a cached summary older than that is not used: the read waits (bounded)
 * until the projection applied the order's event at `minVersion`, reads the store and drops the
 * tenant's cached entries. An order the caller's ABAC
 * conditions exclude (another customer's) is not found, as if it did not exist: the check runs
 * on every read, cached or not.
 */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderSummary> {
  constructor(
    private readonly cached: CachedOrderSummaries,
    @InjectReadModel(OrderSummaryProjection)
    private readonly summaries: ReadModelRepository<OrderSummary>,
    @Inject(ORDERS_READ_OPTIONS) private readonly options: OrdersReadOptions,
    private readonly scope: AccessScope,
  ) {}

  async execute({ id, minVersion }: GetOrderQuery): Promise<OrderSummary> {
    const cached = await this.cached.get(id);
    if (minVersion === undefined || (cached && cached.version >= minVersion)) {
      return this.visible(id, cached);
    }
    const started = performance.now();
    // Resolves false at once when the order has no such version (yet): nothing to wait for.
    await this.summaries.waitFor(
      { streamId: id, version: minVersion },
      this.options.readModelWaitMs ?? 5000,
    );
    const summary = await this.summaries.get(id);
    if (summary && summary.version >= minVersion) {
      // The cached entry is older than what the caller wrote: drop it for every later read.
      await this.cached.invalidateCache();
      return this.visible(id, summary);
    }
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
