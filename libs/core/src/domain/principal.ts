/** How a principal proved who it is. */
export type AuthMethod = 'jwt' | 'oidc' | 'local' | 'ldap' | 'api-key' | 'system' | (string & {});

/**
 * Who is acting: the authenticated user or service. Carried in the request context and
 * copied (as `actor`) into event metadata; never holds credentials or tokens.
 */
export interface Principal {
  /** Stable subject id (JWT `sub`, user id, API key id). */
  readonly id: string;
  /** Tenant the principal belongs to; absent for platform-level principals. */
  readonly tenantId?: string;
  /** Role names, e.g. `order:writer`. */
  readonly roles: readonly string[];
  /** Attributes for ABAC decisions (department, region, ...). */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** How the principal authenticated. */
  readonly authMethod: AuthMethod;
}
