import {
  currentRequestContext,
  type PipelineContext,
  type PipelineNext,
  PipelineStep,
  type PipelineStepHandler,
  PipelineStepOrder,
  StorageTargets,
} from '@cqrs-ddd/core';
import { Inject, Optional } from '@nestjs/common';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import { requireActiveTenant } from '../resolution/require-active-tenant.js';
import { TenantSessionBinder } from '../session/tenant-session.binder.js';
import { TENANCY_OPTIONS, type TenancyOptions } from './tenancy-step.options.js';
import { isTenantAgnostic } from './tenant-agnostic.decorator.js';

/**
 * The pipeline's tenancy slot (order 300), for every command and query whatever its entry point
 * (REST, GraphQL, message consumers, workers, CLI): the tenant is the request context's (set by
 * `TenantGuard`, restored from message headers or event metadata, or `TenantContext.run`).
 *
 * - No tenant: `TenantRequiredError`, unless the message class is `@TenantAgnostic()` or the
 *   module option `required` is `false`; the message then runs without one.
 * - A tenant: it must be registered and active (`UnknownTenantError`, `TenantSuspendedError`,
 *   `InvalidTenantIdError`) — so tenants arriving in message headers are checked too; then its
 *   storage target is prepared (schema or database per tenant) and the rest of the pipeline runs
 *   inside `TenantSessionBinder.run` (e.g. PostgreSQL row-level security).
 *
 * Events the handler records carry the tenant in their metadata (core's
 * `eventMetadataFromContext`).
 */
@PipelineStep({ name: 'tenancy', order: PipelineStepOrder.TENANCY })
export class TenancyStep implements PipelineStepHandler {
  constructor(
    private readonly registry: TenantRegistry,
    private readonly binder: TenantSessionBinder,
    @Inject(TENANCY_OPTIONS) private readonly options: Pick<TenancyOptions, 'required'>,
    @Optional() private readonly storageTargets?: StorageTargets,
  ) {}

  async handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const tenantId = currentRequestContext()?.tenantId;
    if (tenantId === undefined) {
      if (!this.options.required || isTenantAgnostic(context.message.constructor)) return next();
      throw new TenantRequiredError(`The ${context.kind} "${context.messageType}"`);
    }
    const tenant = await requireActiveTenant(this.registry, tenantId);
    await this.storageTargets?.prepare(tenant.id);
    return this.binder.run(tenant, next);
  }
}
