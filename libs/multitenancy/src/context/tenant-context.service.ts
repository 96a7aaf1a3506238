import {
  currentRequestContext,
  type RequestContextState,
  runInContext,
  StorageTargets,
} from '@cqrs-ddd/core';
import { Injectable, Optional } from '@nestjs/common';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { Tenant } from '../registry/tenant.js';
import { requireActiveTenant } from '../resolution/require-active-tenant.js';
import { TenantSessionBinder } from '../session/tenant-session.binder.js';

/**
 * The tenant of the current work, and the entry point for work no request brings: CLI
 * commands, scheduled jobs, scripts and tests.
 *
 * ```ts
 * await tenants.run('acme', () => commandBus.execute(new CloseMonth()));
 * ```
 */
@Injectable()
export class TenantContext {
  constructor(
    private readonly registry: TenantRegistry,
    private readonly binder: TenantSessionBinder,
    @Optional() private readonly storageTargets?: StorageTargets,
  ) {}

  /** Tenant id of the current request context, or `undefined`. */
  current(): string | undefined {
    return currentRequestContext()?.tenantId;
  }

  /**
   * Tenant id of the current request context.
   * @throws TenantRequiredError when there is none
   */
  require(operation?: string): string {
    const tenantId = this.current();
    if (tenantId === undefined) throw new TenantRequiredError(operation);
    return tenantId;
  }

  /** The registered tenant of the current request context, or `undefined` without a tenant. */
  async currentTenant(): Promise<Tenant | undefined> {
    const tenantId = this.current();
    return tenantId === undefined ? undefined : requireActiveTenant(this.registry, tenantId);
  }

  /**
   * Checks the tenant, then runs `work` in a new request context for it: the caller's
   * correlation id and trace are kept (a new correlation id is made without a caller context),
   * the caller's message becomes the cause, `context` adds or overrides values (e.g. a
   * `principal` for a job). The tenant's storage target is prepared and `work` runs inside
   * `TenantSessionBinder.run`, so direct database access is bound to the tenant too; commands
   * and queries sent from `work` pass the tenancy step as usual.
   * @throws InvalidTenantIdError, UnknownTenantError, TenantSuspendedError
   */
  async run<T>(
    tenantId: string,
    work: () => T | Promise<T>,
    context: Omit<Partial<RequestContextState>, 'tenantId'> = {},
  ): Promise<T> {
    const tenant = await requireActiveTenant(this.registry, tenantId);
    const parent = currentRequestContext();
    const state: RequestContextState = {
      correlationId: parent?.correlationId,
      causationId: parent?.messageId ?? parent?.causationId,
      actorId: parent?.principal?.id ?? parent?.actorId,
      traceparent: parent?.traceparent,
      ...context,
      tenantId: tenant.id,
    };
    return runInContext(withoutUndefined(state), async () => {
      await this.storageTargets?.prepare(tenant.id);
      return this.binder.run(tenant, async () => work());
    });
  }
}

function withoutUndefined(state: RequestContextState): RequestContextState {
  return Object.fromEntries(
    Object.entries(state).filter(([, value]) => value !== undefined),
  ) as RequestContextState;
}
