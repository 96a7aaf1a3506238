import {
  Clock,
  ForbiddenError,
  Spec,
  type Principal,
  type Specification,
  UnauthenticatedError,
  currentRequestContext,
  evaluate,
} from '@cqrs-ddd/core';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import { AccessControlSettings } from '../module/access-control.settings.js';
import type {
  AccessEnvironment,
  AccessPolicy,
  AccessRequest,
  AccessResource,
} from '../policies/access-policy.js';
import { matchesPermission } from '../rbac/permission-pattern.js';
import type { AccessDecision } from './access-decision.js';

const UNAUTHENTICATED = 'unauthenticated';

/**
 * Decides and enforces access. Decision order (the first failing step denies):
 * 1. no principal → deny `unauthenticated`;
 * 2. RBAC: a permission of the principal's roles (with inheritance and wildcards) must match
 *    the action, else deny `missing permission <action>`;
 * 3. every applicable ABAC policy must hold: `false` denies with the policy's description;
 *    a Specification is evaluated against `resource.attributes` when given, otherwise
 *    collected into the decision's `filter` (AND) for push-down; a throwing condition denies;
 * 4. the PDP, when configured for the action, must allow (fail closed).
 */
@Injectable()
export class PolicyEnforcementPoint {
  private readonly logger = new Logger('AccessControl');

  constructor(
    private readonly settings: AccessControlSettings,
    private readonly denials: AccessDeniedNotifier,
    @Optional() private readonly clock?: Clock,
  ) {}

  /**
   * The decision for `principal` performing `action` on `resource`. Does not report denials
   * (use it for "may I?" questions, e.g. to show or hide a button).
   * @param environment facts added to the defaults (`now` from the Clock, `correlationId`
   *   from the request context).
   */
  async authorize(
    principal: Principal | undefined,
    action: string,
    resource?: AccessResource,
    environment?: Partial<AccessEnvironment>,
  ): Promise<AccessDecision> {
    return this.decide(this.request(principal, action, resource, environment));
  }

  /**
   * Like {@link authorize}, but a denial is reported to the `AccessDeniedListener`s and
   * thrown. A single resource (with an `id`) whose attributes a policy condition needs must
   * be given with its `attributes`; otherwise the request is denied (it cannot be checked).
   * @throws UnauthenticatedError without principal.
   * @throws ForbiddenError(action, reason) when denied.
   */
  async enforce(
    principal: Principal | undefined,
    action: string,
    resource?: AccessResource,
    environment?: Partial<AccessEnvironment>,
  ): Promise<AccessDecision> {
    const request = this.request(principal, action, resource, environment);
    let decision = await this.decide(request);
    if (decision.allowed && decision.filter && resource?.id !== undefined) {
      decision = {
        allowed: false,
        reason: `the conditions on ${resource.type} ${resource.id} cannot be checked without its attributes`,
      };
    }
    return decision.allowed ? decision : this.reject(request, decision);
  }

  /**
   * The condition rows of `resourceType` must meet for `principal` to `action` them (AND of
   * the applicable policies' specifications), to merge into list and count queries.
   * @returns `undefined` when unrestricted.
   * @throws UnauthenticatedError without principal.
   * @throws ForbiddenError when `action` is not permitted at all (reported as a denial).
   */
  async filterFor(
    principal: Principal | undefined,
    action: string,
    resourceType: string,
  ): Promise<Specification | undefined> {
    const request = this.request(principal, action, { type: resourceType });
    const decision = await this.decide(request);
    return decision.allowed ? decision.filter : this.reject(request, decision);
  }

  private request(
    principal: Principal | undefined,
    action: string,
    resource?: AccessResource,
    environment?: Partial<AccessEnvironment>,
  ): AccessRequest {
    const correlationId = currentRequestContext()?.correlationId;
    return {
      principal,
      action,
      resource,
      environment: {
        ...(correlationId !== undefined && { correlationId }),
        ...environment,
        now: environment?.now ?? this.clock?.now() ?? new Date(),
      },
    };
  }

  private async decide(request: AccessRequest): Promise<AccessDecision> {
    const { principal, action, resource, environment } = request;
    if (!principal) return { allowed: false, reason: UNAUTHENTICATED };
    if (!this.settings.roles.grants(principal.roles, action)) {
      return { allowed: false, reason: `missing permission ${action}` };
    }
    const filters: Specification[] = [];
    for (const policy of this.settings.policies.applicableTo(action, resource?.type)) {
      const outcome = this.evaluatePolicy(policy, principal, environment, resource);
      if (outcome === false) return this.deniedBy(policy);
      if (outcome !== true) filters.push(outcome);
    }
    const pdp = await this.consultPdp(request);
    if (pdp) return pdp;
    const reason = `permission ${action} granted`;
    if (filters.length === 0) return { allowed: true, reason };
    const filter = filters.length === 1 ? filters[0]! : Spec.and(...filters).toSpecification();
    return { allowed: true, reason: `${reason}, restricted by conditions`, filter };
  }

  private evaluatePolicy(
    policy: AccessPolicy,
    principal: Principal,
    environment: AccessEnvironment,
    resource?: AccessResource,
  ): boolean | Specification {
    try {
      const outcome = policy.condition({ principal, environment });
      if (typeof outcome === 'boolean' || !resource?.attributes) return outcome;
      return evaluate(outcome, resource.attributes);
    } catch (error) {
      this.logger.error(
        `Policy '${policy.name}' failed for ${principal.id}: ` +
          `${error instanceof Error ? error.message : String(error)} (denied)`,
      );
      return false;
    }
  }

  private deniedBy(policy: AccessPolicy): AccessDecision {
    return {
      allowed: false,
      reason: policy.description ?? `policy '${policy.name}' does not allow it`,
      policy: policy.name,
    };
  }

  /** The denial of the PDP, or `undefined` when it allows or is not consulted. */
  private async consultPdp(request: AccessRequest): Promise<AccessDecision | undefined> {
    const pdp = this.settings.pdp;
    if (!pdp?.actions.some((pattern) => matchesPermission(pattern, request.action))) return;
    try {
      const answer = await pdp.decisionPoint.decide(request);
      if (answer?.allowed === true) return;
      return { allowed: false, reason: answer?.reason ?? 'denied by the policy decision point' };
    } catch (error) {
      this.logger.error(
        `Policy decision point failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { allowed: false, reason: 'policy decision point failed' };
    }
  }

  private async reject(request: AccessRequest, decision: AccessDecision): Promise<never> {
    await this.denials.notify(request, decision);
    if (decision.reason === UNAUTHENTICATED && !request.principal) throw new UnauthenticatedError();
    throw new ForbiddenError(request.action, decision.reason);
  }
}
