import { describe, expect, it } from '@jest/globals';
import {
  currentRequestContext,
  type PipelineContext,
  PipelineStepOrder,
  runInContext,
} from '@cqrs-ddd/core';
import { DEVELOPMENT_TENANT_ID, developmentTenantStep } from './development-tenant.step.js';

const context = {} as PipelineContext;
const tenantSeenByNext = () => Promise.resolve(currentRequestContext()?.tenantId);

describe('developmentTenantStep', () => {
  const step = developmentTenantStep();

  it('sits in the tenancy slot of the pipeline', () => {
    expect(step).toMatchObject({ name: 'development-tenant', order: PipelineStepOrder.TENANCY });
  });

  it('runs a message without tenant as the development tenant', async () => {
    const seen = await runInContext({}, () => step.handle(context, tenantSeenByNext));
    expect(seen).toBe(DEVELOPMENT_TENANT_ID);
  });

  it('keeps a tenant that is already set', async () => {
    const seen = await runInContext({ tenantId: 'acme' }, () =>
      step.handle(context, tenantSeenByNext),
    );
    expect(seen).toBe('acme');
  });

  it('takes another tenant id when given one', async () => {
    const seen = await runInContext({}, () =>
      developmentTenantStep('demo').handle(context, tenantSeenByNext),
    );
    expect(seen).toBe('demo');
  });
});
