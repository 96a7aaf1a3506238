import { currentRequestContext, updateRequestContext } from '@cqrs-ddd/core';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import { TENANCY_OPTIONS, type TenancyOptions } from '../pipeline/tenancy-step.options.js';
import { TENANT_AGNOSTIC } from '../pipeline/tenant-agnostic.decorator.js';
import { type RequestLike, resolutionInputOf } from './request-resolution-input.js';
import { TenantResolutionService } from './tenant-resolution.service.js';

/**
 * Resolves the tenant of every REST request and GraphQL operation and puts it into the request
 * context, where handlers, the pipeline and event metadata read it. `MultitenancyModule`
 * registers it globally (option `guard`); it must run after the guard that authenticates the
 * caller (global guards run in module order: register authentication in a module imported
 * earlier, or in the root module's own providers).
 *
 * - Reads the request's headers and host and the principal of the request context, and asks
 *   `TenantResolutionService` (errors: `TenantMismatchError`, `InvalidTenantIdError`,
 *   `UnknownTenantError`, `TenantSuspendedError`).
 * - No tenant: `TenantRequiredError`, unless the route, controller or resolver is
 *   `@TenantAgnostic()` or the option `required` is `false`.
 * - `rpc` and `ws` contexts pass: consumers restore the tenant from message headers, and the
 *   tenancy pipeline step checks it.
 *
 * Throws library errors only; the app's exception filter maps them to HTTP or GraphQL errors.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly resolution: TenantResolutionService,
    private readonly reflector: Reflector,
    @Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'http' && type !== 'graphql') return true;
    const request =
      type === 'http'
        ? context.switchToHttp().getRequest<RequestLike>()
        : (context.getArgs()[2] as { req?: RequestLike } | undefined)?.req;
    const state = currentRequestContext();
    const input = resolutionInputOf(request, state?.principal, this.options.trustProxy);
    const tenant = await this.resolution.resolve(input);
    if (tenant !== undefined) {
      if (state === undefined) throw missingContext();
      updateRequestContext({ tenantId: tenant.id });
      return true;
    }
    const agnostic = this.reflector.getAllAndOverride<boolean | undefined>(TENANT_AGNOSTIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (agnostic === true || !this.options.required) return true;
    throw new TenantRequiredError();
  }
}

function missingContext(): MultitenancyConfigurationError {
  return new MultitenancyConfigurationError(
    'TenantGuard ran outside a request context, so the tenant cannot be kept for the request: ' +
      "mount core's RequestContextMiddleware (CqrsDddModule with `context.http` left on) for " +
      'HTTP and GraphQL over HTTP.',
  );
}
