import type { HttpPolicyDecisionPointOptions } from '../pdp/http-policy-decision-point.options.js';
import type { PolicyDecisionPoint } from '../pdp/policy-decision-point.port.js';
import type { AccessPolicy } from '../policies/access-policy.js';
import type { RbacOptions } from '../rbac/rbac.options.js';

/** The external PDP over HTTP (OPA-compatible), and which actions it is consulted for. */
export interface AccessControlPdpOptions extends HttpPolicyDecisionPointOptions {
  /**
   * Action patterns the PDP is consulted for (after RBAC and the local policies allowed).
   * @default ['*'] (every action)
   */
  readonly actions?: readonly string[];
}

/** What the application may do when a command or query declares no access requirement. */
export type DefaultAccessDecision = 'deny' | 'allow';

/** Options of `AccessControlModule.forRoot` / `forRootAsync`. */
export interface AccessControlModuleOptions {
  /** Roles → permissions (with wildcards) and role inheritance. */
  readonly rbac: RbacOptions;
  /**
   * ABAC policies (`definePolicy(...)`); each must hold, in addition to RBAC, for the actions
   * it applies to.
   * @default []
   */
  readonly policies?: readonly AccessPolicy[];
  /**
   * An external policy decision point: HTTP (OPA-compatible) options, or your own
   * `PolicyDecisionPoint` instance (consulted for every action). Absent: no PDP.
   * @default undefined
   */
  readonly pdp?: AccessControlPdpOptions | PolicyDecisionPoint;
  /**
   * Decision for a command/query class that declares no requirement: `'deny'` refuses it
   * (with a reason naming the message and how to declare it); `'allow'` lets it through.
   * @default 'deny'
   */
  readonly defaultDecision?: DefaultAccessDecision;
}
