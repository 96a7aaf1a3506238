import { Clock, ForbiddenError, NotFoundError, type Principal } from '@cqrs-ddd/core';
import { Injectable, Optional } from '@nestjs/common';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import type { AccessDecision } from '../pep/access-decision.js';
import { PolicyEnforcementPoint } from '../pep/policy-enforcement-point.js';
import type { AccessResource } from '../policies/access-policy.js';
import { ResourceLoaders } from './resource-loaders.js';

/** Options of {@link AccessEnforcer.enforce}. */
export interface EnforceOptions {
  /**
   * `true`: conditions on the attributes of a resource that is not named by id (lists) do not
   * deny — the caller pushes the returned `filter` down into its read. `false`: they deny.
   * @default false
   */
  readonly filter?: boolean;
}

/**
 * Enforces an action on a resource named by type and id, loading the resource's attributes
 * through its `@ResourceLoader` only when a policy that applies has a condition on them. The
 * shared core of the `authorization` pipeline step and `AccessGuard`; every denial is
 * reported to the `AccessDeniedListener`s and thrown (`UnauthenticatedError` without
 * principal, else `ForbiddenError`).
 */
@Injectable()
export class AccessEnforcer {
  constructor(
    private readonly pep: PolicyEnforcementPoint,
    private readonly loaders: ResourceLoaders,
    private readonly denials: AccessDeniedNotifier,
    @Optional() private readonly clock?: Clock,
  ) {}

  /**
   * Allows `principal` to perform `action` on `resource`, or throws.
   * - No resource id, or the resource's `attributes` given: the PEP decides on what it has.
   * - A resource id without attributes: asked first without them; only when an allowing
   *   answer depends on conditions on the resource are its attributes loaded (a missing loader
   *   denies, a missing resource is a `NotFoundError`) and the conditions checked on them.
   * @returns the allowing decision (its `filter` set only with `options.filter`).
   */
  async enforce(
    principal: Principal | undefined,
    action: string,
    resource?: AccessResource,
    options: EnforceOptions = {},
  ): Promise<AccessDecision> {
    if (resource?.id === undefined || resource.attributes !== undefined) {
      const decision = await this.pep.enforce(principal, action, resource);
      if (decision.filter === undefined || options.filter === true) return decision;
      return this.deny(
        principal,
        action,
        resource,
        `conditions on ${resource?.type ?? 'the resource'} apply to ${action}, but no ` +
          'resource id or attributes were given to check them against',
      );
    }
    const probe = await this.pep.authorize(principal, action, resource);
    if (probe.allowed && probe.filter === undefined) return probe;
    if (!probe.allowed) return this.pep.enforce(principal, action, resource);
    const loader = this.loaders.get(resource.type);
    if (!loader) {
      return this.deny(
        principal,
        action,
        resource,
        `conditions on ${resource.type} apply to ${action}, but no @ResourceLoader('${resource.type}') ` +
          'provider is registered to load its attributes (configuration error)',
      );
    }
    const attributes = await loader.load(resource.id);
    if (attributes === undefined) throw new NotFoundError(resource.type, resource.id);
    return this.pep.enforce(principal, action, { ...resource, attributes });
  }

  /**
   * Reports a denial decided outside the PEP (e.g. an undeclared message) to the
   * `AccessDeniedListener`s and throws it.
   * @throws ForbiddenError(action, reason), always.
   */
  async deny(
    principal: Principal | undefined,
    action: string,
    resource: AccessResource | undefined,
    reason: string,
  ): Promise<never> {
    const environment = { now: this.clock?.now() ?? new Date() };
    await this.denials.notify(
      { principal, action, resource, environment },
      { allowed: false, reason },
    );
    throw new ForbiddenError(action, reason);
  }
}
