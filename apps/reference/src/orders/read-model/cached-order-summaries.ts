import { Cache, Cached } from '@cqrs-ddd/core';
import { InjectReadModel, type ReadModelRepository } from '@cqrs-ddd/projections';
import { Inject, Injectable } from '@nestjs/common';
import type { OrderSummary } from './order-summary.js';
import { OrderSummaryProjection } from './order-summary.projection.js';

/** Injection token of the orders cache (`RedisCache` when `REDIS_URL` is set, else in memory). */
export const ORDERS_CACHE = Symbol('reference:ORDERS_CACHE');

/** Order summaries by id, straight from the read store. */
class OrderSummaryLookup {
  constructor(private readonly summaries: ReadModelRepository<OrderSummary>) {}

  /** The caller tenant's summary of order `id`, if any. */
  get(id: string): Promise<OrderSummary | undefined> {
    return this.summaries.get(id);
  }
}

/**
 * Order summaries by id, read through the orders cache: entries are scoped by the request's
 * tenant (a tenant never gets another tenant's entry) and live `ORDER_CACHE_TTL_MS`. The
 * projection writes the summaries, not this repository, so an entry may lag its order by up to
 * that TTL; a read asking for a newer version drops the tenant's entries first
 * (`invalidateCache()`, see `GetOrderHandler`).
 */
@Injectable()
export class CachedOrderSummaries extends Cached(OrderSummaryLookup, {
  reads: ['get'],
  writes: [],
  tag: 'order-summaries',
}) {
  constructor(
    @InjectReadModel(OrderSummaryProjection) summaries: ReadModelRepository<OrderSummary>,
    @Inject(ORDERS_CACHE) readonly cache: Cache,
  ) {
    super(summaries);
  }
}
