import type { FlagDefinition } from '@cqrs-ddd/core';

/** Feature flag gating order cancellation (`@FeatureFlag` on `CancelOrderCommand`). */
export const ORDER_CANCELLATION_FLAG = 'order-cancellation';

/**
 * The `order-cancellation` flag as first seeded: on for `percentage`% of tenants, sticky per
 * tenant (Unleash's hash of tenant id and flag key), off for the others — a missing or disabled
 * flag is off too. Seeded only when absent; later changes go through `/feature-flags`.
 */
export function orderCancellationFlag(percentage: number): FlagDefinition<boolean> {
  return {
    key: ORDER_CANCELLATION_FLAG,
    enabled: true,
    defaultValue: false,
    rollout: { percentage, value: true, bucketBy: 'tenantId' },
  };
}
