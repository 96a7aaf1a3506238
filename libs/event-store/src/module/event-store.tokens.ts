import { Inject } from '@nestjs/common';
import { TRANSACTIONAL_UNIT_OF_WORK } from '@cqrs-ddd/core';
import type { AggregateClass } from '../repository/aggregate-class.js';

/**
 * Injection token of the event store's `UnitOfWork` — the transaction boundary the event store
 * writes in (`'postgres'`: a `MikroOrmUnitOfWork` on the app's MikroORM; `'memory'`: an
 * in-memory one). It is core's `TRANSACTIONAL_UNIT_OF_WORK`, so `CqrsDddModule` picks it up by
 * itself: with `EventStoreModule.forRoot(...)` (global) in the app, every command's pipeline
 * transaction is the event store's.
 */
export const EVENT_STORE_UNIT_OF_WORK = TRANSACTIONAL_UNIT_OF_WORK;

const repositoryTokens = new WeakMap<AggregateClass, symbol>();
const classesByName = new Map<string, number>();

/**
 * Injection token of the `AggregateRepository` of `aggregate`, as provided by `forFeature`: one
 * per class, named after it (`AggregateRepository<Order>`, then `AggregateRepository<Order>#2`
 * for another class also named `Order`, so that their feature modules stay distinct).
 */
export function getAggregateRepositoryToken(aggregate: AggregateClass): symbol {
  let token = repositoryTokens.get(aggregate);
  if (token === undefined) {
    const count = (classesByName.get(aggregate.name) ?? 0) + 1;
    classesByName.set(aggregate.name, count);
    const suffix = count === 1 ? '' : `#${count}`;
    token = Symbol(`AggregateRepository<${aggregate.name}>${suffix}`);
    repositoryTokens.set(aggregate, token);
  }
  return token;
}

/**
 * Injects the `AggregateRepository` of `aggregate` (registered with
 * `EventStoreModule.forFeature([aggregate])`):
 *
 * ```ts
 * constructor(@InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>) {}
 * ```
 */
export function InjectAggregateRepository(aggregate: AggregateClass): ReturnType<typeof Inject> {
  return Inject(getAggregateRepositoryToken(aggregate));
}
