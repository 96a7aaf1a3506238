import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { matchesPermission } from '../rbac/permission-pattern.js';
import { type AccessPolicy, definePolicy } from './access-policy.js';

/**
 * The configured ABAC policies, validated once (each through {@link definePolicy}; names
 * unique), answering which of them apply to a request.
 */
export class AccessPolicies {
  private readonly policies: readonly AccessPolicy[];

  /** @throws AccessControlConfigurationError for an invalid policy or a duplicate name. */
  constructor(policies: readonly AccessPolicy[] = []) {
    if (!Array.isArray(policies)) {
      throw new AccessControlConfigurationError("'policies' must be an array of definePolicy(...)");
    }
    const names = new Set<string>();
    this.policies = policies.map((policy) => {
      const defined = definePolicy(policy);
      if (names.has(defined.name)) {
        throw new AccessControlConfigurationError(
          `two policies are named '${defined.name}'; policy names must be unique`,
        );
      }
      names.add(defined.name);
      return defined;
    });
  }

  /**
   * The policies that apply to `action` on a resource of `resourceType`: one of their action
   * patterns matches, and they have no `resourceType`, or the same one. When the request
   * names no resource type, policies scoped to a type apply too (fail closed: leaving out a
   * resource must not bypass a rule).
   */
  applicableTo(action: string, resourceType?: string): readonly AccessPolicy[] {
    return this.policies.filter(
      (policy) =>
        policy.actions.some((pattern) => matchesPermission(pattern, action)) &&
        (policy.resourceType === undefined ||
          resourceType === undefined ||
          policy.resourceType === resourceType),
    );
  }
}
