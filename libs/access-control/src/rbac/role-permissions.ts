import { LRUCache } from 'lru-cache';
import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { assertPermissionPattern, matchesPermission } from './permission-pattern.js';
import type { RbacOptions, RoleDefinition } from './rbac.options.js';

/** How many distinct role sets keep their expanded permissions in memory. */
const ROLE_SET_CACHE_SIZE = 1_000;

/**
 * The RBAC model, validated and expanded once: each role's permissions include those of the
 * roles it inherits (transitively). The permissions of a principal's role set are merged
 * once per distinct set and cached.
 */
export class RolePermissions {
  private readonly expanded = new Map<string, readonly string[]>();
  private readonly bySet = new LRUCache<string, readonly string[]>({ max: ROLE_SET_CACHE_SIZE });

  /** @throws AccessControlConfigurationError for unknown inherited roles, cycles or bad patterns. */
  constructor(options: RbacOptions) {
    const roles = options?.roles;
    if (typeof roles !== 'object' || roles === null || Array.isArray(roles)) {
      throw new AccessControlConfigurationError(
        "'rbac.roles' must be an object mapping role names to permissions",
      );
    }
    for (const role of Object.keys(roles)) this.expand(role, roles, []);
  }

  /** Every permission pattern granted by `roles` (unknown roles grant nothing). */
  permissionsOf(roles: readonly string[]): readonly string[] {
    const key = [...new Set(roles)].sort().join('\n');
    let permissions = this.bySet.get(key);
    if (!permissions) {
      const merged = new Set(roles.flatMap((role) => this.expanded.get(role) ?? []));
      permissions = Object.freeze([...merged]);
      this.bySet.set(key, permissions);
    }
    return permissions;
  }

  /** Whether some permission of `roles` matches `action`. */
  grants(roles: readonly string[], action: string): boolean {
    return this.permissionsOf(roles).some((pattern) => matchesPermission(pattern, action));
  }

  private expand(
    role: string,
    roles: Readonly<Record<string, RoleDefinition>>,
    path: readonly string[],
  ): readonly string[] {
    const done = this.expanded.get(role);
    if (done) return done;
    if (path.includes(role)) {
      throw new AccessControlConfigurationError(
        `role inheritance cycle ${[...path.slice(path.indexOf(role)), role].join(' → ')}`,
      );
    }
    const owner = `role '${role}'`;
    const { permissions = [], inherits = [] } = parseDefinition(roles[role], owner);
    for (const pattern of permissions) assertPermissionPattern(pattern, owner);
    const all = new Set<string>(permissions);
    for (const parent of inherits) {
      if (!Object.hasOwn(roles, parent)) {
        throw new AccessControlConfigurationError(
          `${owner} inherits the unknown role '${String(parent)}'; define it in rbac.roles`,
        );
      }
      for (const permission of this.expand(parent, roles, [...path, role])) all.add(permission);
    }
    const result = Object.freeze([...all]);
    this.expanded.set(role, result);
    return result;
  }
}

function parseDefinition(
  definition: RoleDefinition | undefined,
  owner: string,
): Exclude<RoleDefinition, readonly string[]> {
  const parsed = Array.isArray(definition)
    ? { permissions: definition as readonly string[] }
    : (definition as Exclude<RoleDefinition, readonly string[]> | undefined);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray(parsed.permissions ?? []) ||
    !Array.isArray(parsed.inherits ?? [])
  ) {
    throw new AccessControlConfigurationError(
      `${owner} must be a permission list or { permissions?: string[]; inherits?: string[] }`,
    );
  }
  return parsed;
}
