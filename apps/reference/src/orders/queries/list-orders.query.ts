import { Authorize } from '@cqrs-ddd/access-control';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';

/**
 * One page of `OrderSummary` documents: raw client parameters, checked against the
 * `ORDER_QUERY_SCHEMA` allow-list by the handler (every problem becomes one `ValidationError`
 * issue: `filter.<field>`, `sort`, `limit`, `cursor`). Answers `{ items, nextCursor }`, holding only
 * orders the caller may read (ABAC conditions pushed down into the read store's query).
 */
@Authorize(OrderPermission.READ, { resource: { type: ORDER_RESOURCE }, filter: true })
export class ListOrdersQuery {
  constructor(
    /** Filter string, e.g. `status:eq:confirmed,total:gte:100`. @default all orders */
    readonly filter?: string | readonly string[],
    /** Sort string, e.g. `-updatedAt`. @default '-updatedAt' */
    readonly sort?: string,
    /** Page size, 1-100 (number or decimal text). @default 20 */
    readonly limit?: number | string,
    /** `nextCursor` of the previous page. @default the first page */
    readonly cursor?: string,
  ) {}
}
