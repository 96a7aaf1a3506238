import type { AccessRequest } from '../policies/access-policy.js';

/** The answer of a {@link PolicyDecisionPoint}. */
export interface PolicyDecisionPointAnswer {
  readonly allowed: boolean;
  /** Why; becomes the denial reason (must not contain secrets). */
  readonly reason?: string;
}

/**
 * An external decision engine consulted after RBAC and the local policies allowed a request
 * (OPA, Cedar, a stateful ABAC service, ...). Implementations must fail closed: any doubt is
 * an answer with `allowed: false`, never a thrown error that could be mistaken for an allow
 * (the `PolicyEnforcementPoint` still denies when one throws).
 */
export abstract class PolicyDecisionPoint {
  /** Decides `request`; resolves to a denial (with a reason) rather than rejecting. */
  abstract decide(request: AccessRequest): Promise<PolicyDecisionPointAnswer>;
}
