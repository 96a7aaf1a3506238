import type { Specification } from '@cqrs-ddd/core';

/** The answer of the `PolicyEnforcementPoint` to one access request. */
export interface AccessDecision {
  readonly allowed: boolean;
  /** Why (allowed or denied); safe to show the caller and to audit: never secrets. */
  readonly reason: string;
  /** Name of the policy that decided (denied), when one did. */
  readonly policy?: string;
  /** AND of the resource conditions that apply when no resource attributes were given (push-down). */
  readonly filter?: Specification;
}
