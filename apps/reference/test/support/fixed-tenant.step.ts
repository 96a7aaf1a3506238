import {
  currentRequestContext,
  type PipelineStepDefinition,
  PipelineStepOrder,
  updateRequestContext,
} from '@cqrs-ddd/core';

/** The tenant the in-memory Orders test app runs every message for. */
export const TEST_TENANT_ID = 'test-tenant';

/**
 * For unit specs of the Orders context without multitenancy: a step in the tenancy slot that
 * gives every command and query without a tenant {@link TEST_TENANT_ID}, so events are stamped
 * and read models partitioned as in the app (where the multitenancy module resolves tenants).
 */
export function fixedTenantStep(tenantId: string = TEST_TENANT_ID): PipelineStepDefinition {
  return {
    name: 'fixed-tenant',
    order: PipelineStepOrder.TENANCY,
    handle: (_context, next) => {
      if (currentRequestContext()?.tenantId === undefined) updateRequestContext({ tenantId });
      return next();
    },
  };
}
