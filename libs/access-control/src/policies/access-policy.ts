import type { Principal, SpecInput, Specification } from '@cqrs-ddd/core';
import { toSpecification } from '@cqrs-ddd/core';
import { assertPermissionPattern } from '../rbac/permission-pattern.js';
import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';

/** The resource an action is performed on. */
export interface AccessResource {
  /** Resource type, e.g. `Order`. */
  readonly type: string;
  /** Id of one resource; absent for collections (lists, creation). */
  readonly id?: string;
  /** Attributes the policies' specifications are evaluated against (e.g. the loaded order). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Facts about the circumstances of a request (time, correlation id, ...). */
export interface AccessEnvironment {
  /** When the decision is made; defaults to the injected core `Clock` (else system time). */
  readonly now: Date;
  readonly [key: string]: unknown;
}

/** One access question: may `principal` perform `action` on `resource` in `environment`? */
export interface AccessRequest {
  /** Absent for anonymous callers (always denied). */
  readonly principal?: Principal;
  /** Permission-style action, `<resource>:<verb>`, e.g. `order:confirm`. */
  readonly action: string;
  readonly resource?: AccessResource;
  readonly environment: AccessEnvironment;
}

/** What a policy condition sees. */
export interface AccessPolicyInput {
  readonly principal: Principal;
  readonly environment: AccessEnvironment;
}

/**
 * An ABAC rule that must hold, in addition to RBAC, for every action it applies to.
 */
export interface AccessPolicy {
  /** Unique name, reported in decisions (`AccessDecision.policy`). */
  readonly name: string;
  /** Human-readable rule; it is the denial reason, so it must not contain secrets. */
  readonly description?: string;
  /** Action patterns the policy applies to (`order:confirm`, `order:*`, `*`). */
  readonly actions: readonly string[];
  /** Applies to this resource type only; absent: to every resource type. */
  readonly resourceType?: string;
  /**
   * `true`/`false`: decided now (principal and environment only); a Specification: a
   * condition on the resource's attributes, evaluated against them when they are known and
   * pushed down into the read query (`filterFor`) when they are not.
   */
  condition(input: AccessPolicyInput): boolean | Specification;
}

/**
 * What {@link definePolicy} accepts: an {@link AccessPolicy} whose condition may also return
 * a fluent `Spec` from core's builder (`where('total').lt(limit)`).
 */
export interface AccessPolicyDefinition extends Omit<AccessPolicy, 'condition'> {
  condition(input: AccessPolicyInput): boolean | SpecInput;
}

/**
 * Declares an ABAC policy: validates its name and action patterns and normalises the
 * condition's result to a plain Specification AST.
 *
 * @example
 * definePolicy({
 *   name: 'approval limit',
 *   description: 'approvers may confirm orders up to their approval limit only',
 *   actions: ['order:confirm'],
 *   resourceType: 'Order',
 *   condition: ({ principal }) => where('total').lte(Number(principal.attributes?.approvalLimit ?? 0)),
 * });
 * @throws AccessControlConfigurationError for an empty name, no actions or an invalid pattern.
 */
export function definePolicy(policy: AccessPolicyDefinition): AccessPolicy {
  if (typeof policy?.name !== 'string' || policy.name.trim() === '') {
    throw new AccessControlConfigurationError('a policy needs a non-empty name');
  }
  if (!Array.isArray(policy.actions) || policy.actions.length === 0) {
    throw new AccessControlConfigurationError(
      `policy '${policy.name}' needs at least one action pattern in 'actions'`,
    );
  }
  for (const pattern of policy.actions) assertPermissionPattern(pattern, `policy '${policy.name}'`);
  if (typeof policy.condition !== 'function') {
    throw new AccessControlConfigurationError(`policy '${policy.name}' needs a condition function`);
  }
  const condition = policy.condition.bind(policy);
  return Object.freeze({
    ...policy,
    actions: Object.freeze([...policy.actions]),
    condition: (input: AccessPolicyInput) => {
      const result = condition(input);
      return typeof result === 'boolean' ? result : toSpecification(result);
    },
  });
}
