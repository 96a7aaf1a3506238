import {
  currentRequestContext,
  type Principal,
  type PipelineStepDefinition,
  PipelineStepOrder,
  updateRequestContext,
} from '@cqrs-ddd/core';

/** The tenant the in-memory Orders test app runs every message for. */
export const TEST_TENANT_ID = 'test-tenant';

/** Who sends the in-memory Orders test app's messages when no principal is set: every order role. */
export const TEST_PRINCIPAL: Principal = {
  id: 'test-user',
  tenantId: TEST_TENANT_ID,
  roles: ['order:reader', 'order:writer', 'order:approver'],
  authMethod: 'system',
};

/**
 * For unit specs of the Orders context without multitenancy and identity: a step in the tenancy
 * slot that gives every command and query without a tenant {@link TEST_TENANT_ID}, so events are
 * stamped and read models partitioned as in the app (where the multitenancy module resolves
 * tenants), and without a principal `principal` ({@link TEST_PRINCIPAL} by default), whom the
 * access-control step (slot 400) then authorizes.
 */
export function fixedTenantStep(
  tenantId: string = TEST_TENANT_ID,
  principal: Principal = TEST_PRINCIPAL,
): PipelineStepDefinition {
  return {
    name: 'fixed-tenant',
    order: PipelineStepOrder.TENANCY,
    handle: (_context, next) => {
      const current = currentRequestContext();
      if (current?.tenantId === undefined) updateRequestContext({ tenantId });
      if (current?.principal === undefined) updateRequestContext({ principal });
      return next();
    },
  };
}
