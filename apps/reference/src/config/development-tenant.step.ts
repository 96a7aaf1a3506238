import {
  currentRequestContext,
  type PipelineStepDefinition,
  PipelineStepOrder,
  updateRequestContext,
} from '@cqrs-ddd/core';

/** The tenant every command and query runs for until multitenancy arrives. */
export const DEVELOPMENT_TENANT_ID = 'dev';

/**
 * Interim tenancy: a pipeline step in the tenancy slot (order 300) that puts `tenantId` into
 * the request context of every command and query that has none — whatever the entry point
 * (REST, GraphQL, the seed script). Events are stamped with it, the read model is partitioned
 * by it. The multitenancy issue replaces this step with tenant resolution from the token.
 */
export function developmentTenantStep(
  tenantId: string = DEVELOPMENT_TENANT_ID,
): PipelineStepDefinition {
  return {
    name: 'development-tenant',
    order: PipelineStepOrder.TENANCY,
    handle: (_context, next) => {
      if (currentRequestContext()?.tenantId === undefined) updateRequestContext({ tenantId });
      return next();
    },
  };
}
