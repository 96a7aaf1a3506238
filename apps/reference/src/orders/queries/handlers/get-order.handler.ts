import { NotFoundError, ReadModelStore } from '@cqrs-ddd/core';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderSummary } from '../../read-model/order-summary.js';
import { ReadModelLaggingError } from '../../read-model/read-model-lagging.error.js';
import { ReadModelProgress } from '../../read-model/read-model-progress.js';
import { GetOrderQuery } from '../get-order.query.js';
import { orderSummariesOfCurrentTenant } from '../order-summaries.js';
import { ORDERS_READ_OPTIONS, type OrdersReadOptions } from '../orders-read.options.js';

/** Reads one order summary, waiting for `minVersion` when asked (read-your-writes). */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderSummary> {
  constructor(
    private readonly store: ReadModelStore,
    private readonly progress: ReadModelProgress,
    @Inject(ORDERS_READ_OPTIONS) private readonly options: OrdersReadOptions,
  ) {}

  async execute({ id, minVersion }: GetOrderQuery): Promise<OrderSummary> {
    const summaries = orderSummariesOfCurrentTenant(this.store);
    if (minVersion === undefined) {
      const summary = await summaries.get(id);
      if (!summary) throw new NotFoundError('Order', id);
      return summary;
    }
    const timeoutMs = this.options.readModelWaitMs ?? 5000;
    const started = performance.now();
    const { value, satisfied } = await this.progress.waitUntil(
      () => summaries.get(id),
      (summary) => summary !== undefined && summary.version >= minVersion,
      timeoutMs,
    );
    if (satisfied && value) return value;
    const waitedMs = Math.round(performance.now() - started);
    throw new ReadModelLaggingError('Order', id, minVersion, value?.version ?? 0, waitedMs);
  }
}
