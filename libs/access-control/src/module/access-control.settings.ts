import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { HttpPolicyDecisionPoint } from '../pdp/http-policy-decision-point.js';
import { PolicyDecisionPoint } from '../pdp/policy-decision-point.port.js';
import { AccessPolicies } from '../policies/access-policies.js';
import { assertPermissionPattern } from '../rbac/permission-pattern.js';
import { RolePermissions } from '../rbac/role-permissions.js';
import type {
  AccessControlModuleOptions,
  DefaultAccessDecision,
} from './access-control-module.options.js';

/** The PDP and the action patterns it is consulted for. */
export interface ConfiguredPolicyDecisionPoint {
  readonly decisionPoint: PolicyDecisionPoint;
  readonly actions: readonly string[];
}

/**
 * {@link AccessControlModuleOptions}, validated and compiled once at start (RBAC expanded,
 * policies checked, PDP client built). Injectable as a class token.
 */
export class AccessControlSettings {
  private constructor(
    /** The expanded RBAC model. */
    readonly roles: RolePermissions,
    /** The validated ABAC policies. */
    readonly policies: AccessPolicies,
    /** Decision for messages without a declared requirement. */
    readonly defaultDecision: DefaultAccessDecision,
    /** The external PDP, when configured. */
    readonly pdp?: ConfiguredPolicyDecisionPoint,
  ) {}

  /** @throws AccessControlConfigurationError describing the first invalid option. */
  static from(options: AccessControlModuleOptions): AccessControlSettings {
    if (typeof options !== 'object' || options === null) {
      throw new AccessControlConfigurationError('options are required ({ rbac: { roles } })');
    }
    const { defaultDecision = 'deny' } = options;
    if (defaultDecision !== 'deny' && defaultDecision !== 'allow') {
      throw new AccessControlConfigurationError(
        `'defaultDecision' must be 'deny' or 'allow', got ${JSON.stringify(defaultDecision)}`,
      );
    }
    return new AccessControlSettings(
      new RolePermissions(options.rbac),
      new AccessPolicies(options.policies),
      defaultDecision,
      options.pdp === undefined ? undefined : resolvePdp(options.pdp),
    );
  }
}

function resolvePdp(
  pdp: NonNullable<AccessControlModuleOptions['pdp']>,
): ConfiguredPolicyDecisionPoint {
  if (pdp instanceof PolicyDecisionPoint) return { decisionPoint: pdp, actions: ['*'] };
  if (typeof pdp !== 'object' || pdp === null) {
    throw new AccessControlConfigurationError(
      "'pdp' must be { url, timeoutMs?, cacheTtlMs?, actions? } or a PolicyDecisionPoint",
    );
  }
  const { actions = ['*'], ...http } = pdp;
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new AccessControlConfigurationError("'pdp.actions' must be a non-empty pattern list");
  }
  for (const pattern of actions) assertPermissionPattern(pattern, "'pdp.actions'");
  return { decisionPoint: new HttpPolicyDecisionPoint(http), actions };
}
