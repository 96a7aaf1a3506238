import {
  currentRequestContext,
  type ReadModelCollection,
  type ReadModelStore,
} from '@cqrs-ddd/core';
import { ORDER_SUMMARY_COLLECTION, type OrderSummary } from '../read-model/order-summary.js';

/**
 * The order summaries of the caller's tenant (from the request context, on every operation);
 * an operation outside a tenant fails with `MissingContextError`.
 */
export function orderSummariesOfCurrentTenant(
  store: ReadModelStore,
): ReadModelCollection<OrderSummary> {
  return store.collection<OrderSummary>(ORDER_SUMMARY_COLLECTION, {
    tenantId: () => currentRequestContext()?.tenantId,
  });
}
