/**
 * One role: either its permissions (`['order:read', 'order:*']`) or an object adding
 * inherited roles, whose permissions it gets as well (transitively).
 */
export type RoleDefinition =
  | readonly string[]
  | {
      /** Permission patterns granted by the role (see `matchesPermission`). @default [] */
      readonly permissions?: readonly string[];
      /** Roles whose permissions this role also has (must be defined; no cycles). @default [] */
      readonly inherits?: readonly string[];
    };

/** Role-based access control: which permissions each role grants. */
export interface RbacOptions {
  /**
   * Role name → its permissions and inherited roles. A principal's roles that are not listed
   * here grant nothing.
   * @example { 'order:reader': ['order:read'], 'order:writer': { inherits: ['order:reader'], permissions: ['order:create'] } }
   */
  readonly roles: Readonly<Record<string, RoleDefinition>>;
}
