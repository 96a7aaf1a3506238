import {
  currentRequestContext,
  Spec,
  type SpecInput,
  type Specification,
  toSpecification,
} from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';
import { PolicyEnforcementPoint } from '../pep/policy-enforcement-point.js';
import type { AccessResource } from '../policies/access-policy.js';

/** A specification every document matches (an empty `and`). */
const EVERYTHING: Specification = Object.freeze({ op: 'and', specs: Object.freeze([]) });

/**
 * Query push-down: turns the current principal's ABAC conditions into a specification merged
 * into read-model queries, so lists and counts only ever contain rows the principal may see —
 * compiled to SQL or MongoDB filters by the read store like any other filter.
 *
 * @example
 * const filter = await scope.restrict(query.filter, 'order:read', 'Order');
 * const page = await orders.find({ ...query, filter });
 * const total = await orders.count(filter);
 */
@Injectable()
export class AccessScope {
  constructor(private readonly pep: PolicyEnforcementPoint) {}

  /**
   * `spec` AND the conditions the request context's principal must meet to perform `action`
   * on resources of `resourceType` (just `spec` — or everything — when unrestricted).
   * @throws UnauthenticatedError without principal.
   * @throws ForbiddenError when the principal may not perform `action` at all (reported).
   */
  async restrict(
    spec: SpecInput | undefined,
    action: string,
    resourceType: string,
  ): Promise<Specification> {
    const principal = currentRequestContext()?.principal;
    const filter = await this.pep.filterFor(principal, action, resourceType);
    if (filter === undefined) return spec === undefined ? EVERYTHING : toSpecification(spec);
    return spec === undefined ? filter : Spec.and(filter, spec).toSpecification();
  }

  /**
   * Whether the request context's principal may perform `action` on one `resource`, e.g. a
   * read-model document given as `attributes` (answering 404 rather than 403 for a document
   * it may not see is the app's choice). Denials are not reported: this is a question.
   * Without `attributes`, a resource subject to conditions is not permitted (fail closed).
   */
  async permits(action: string, resource: AccessResource): Promise<boolean> {
    const principal = currentRequestContext()?.principal;
    const decision = await this.pep.authorize(principal, action, resource);
    return decision.allowed && decision.filter === undefined;
  }
}
