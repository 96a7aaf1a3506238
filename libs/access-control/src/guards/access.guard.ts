import { currentRequestContext } from '@cqrs-ddd/core';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessEnforcer } from '../enforcement/access-enforcer.js';
import { guardedCallOf } from './guarded-call.js';
import { POLICY_REQUIREMENT, type PolicyRequirement } from './policy.decorator.js';
import { REQUIRED_PERMISSIONS } from './require-permissions.decorator.js';

/**
 * Checks `@RequirePermissions(...)` and `@Policy(...)` of controllers, resolvers, gateways and
 * microservice handlers (`http`, `graphql`, `ws` and `rpc` contexts) before the handler runs:
 * an early layer in front of the `authorization` pipeline step. Handlers without either pass.
 *
 * The principal is the request context's, set by the authentication (identity) guard, which
 * must run first (register it before this one). No principal: `UnauthenticatedError`; a
 * denial: `ForbiddenError` (reported to the `AccessDeniedListener`s) — the app maps them to
 * 401 / 403.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly enforcer: AccessEnforcer,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getClass(), context.getHandler()];
    const permissions = this.reflector.getAllAndMerge<string[]>(REQUIRED_PERMISSIONS, targets);
    const policies = this.reflector
      .getAll<(PolicyRequirement | undefined)[]>(POLICY_REQUIREMENT, targets)
      .filter((policy): policy is PolicyRequirement => policy !== undefined);
    if (permissions.length === 0 && policies.length === 0) return true;

    const principal = currentRequestContext()?.principal;
    for (const permission of new Set(permissions)) {
      await this.enforcer.enforce(principal, permission, undefined, { filter: true });
    }
    for (const policy of policies) {
      const resource = await policy.resource?.(guardedCallOf(context));
      await this.enforcer.enforce(principal, policy.action, resource, { filter: true });
    }
    return true;
  }
}
