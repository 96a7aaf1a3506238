import type { ConnectionOptions } from 'node:tls';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';

/** Injection token of the {@link LdapStrategyOptions} that `LdapStrategy` is built from. */
export const LDAP_STRATEGY_OPTIONS = Symbol('LDAP_STRATEGY_OPTIONS');

/**
 * LDAP login (bind and search, through passport-ldapauth): the strategy binds with a service
 * account, finds the user's entry, binds as the user to check the password, finds the user's
 * groups, and maps entry and groups to a `Principal`.
 */
export interface LdapStrategyOptions {
  /** Directory URL, `ldap://host:389` or `ldaps://host:636`. */
  readonly url: string;
  /** DN of the service account that searches users and groups, e.g. `cn=reader,dc=example,dc=org`. */
  readonly bindDN: string;
  /** Password of `bindDN`. */
  readonly bindCredentials: string;
  /** Where users are searched, e.g. `ou=people,dc=example,dc=org`. */
  readonly searchBase: string;
  /** Filter that finds a user; `{{username}}` is replaced by the escaped login name. @default '(uid={{username}})' */
  readonly searchFilter?: string;
  /**
   * Where groups are searched, e.g. `ou=groups,dc=example,dc=org`. Without it only the user
   * entry's `memberOf` values (where the directory maintains them) name its groups.
   * @default undefined
   */
  readonly groupSearchBase?: string;
  /** Filter that finds the user's groups; `{{dn}}` is replaced by the user's DN. @default '(member={{dn}})' */
  readonly groupSearchFilter?: string;
  /**
   * Roles per group, the group named by its DN or its `cn` (compared case-insensitively), e.g.
   * `{ 'cn=approvers,ou=groups,dc=example,dc=org': ['order:approver'], readers: ['order:reader'] }`.
   * Groups not listed give no role.
   */
  readonly groupRoles: Readonly<Record<string, readonly string[]>>;
  /** The tenant of every principal of this directory. @default undefined (see tenantAttribute) */
  readonly tenantId?: string;
  /**
   * Attribute of the user entry holding the tenant id (instead of a fixed `tenantId`).
   * @default undefined (principals without tenant, unless tenantId is set)
   */
  readonly tenantAttribute?: string;
  /** Attributes of the user entry copied into `principal.attributes`. @default [] */
  readonly attributes?: readonly string[];
  /** Attribute of the user entry that becomes `principal.id`. @default 'uid' */
  readonly idAttribute?: string;
  /** Limit of connecting and of each directory operation, in ms. @default 5000 */
  readonly timeoutMs?: number;
  /** Field of the request body (or query) holding the login name. @default 'username' */
  readonly usernameField?: string;
  /** Field of the request body (or query) holding the password. @default 'password' */
  readonly passwordField?: string;
  /** TLS options for `ldaps://` (e.g. the CA of the directory). @default undefined */
  readonly tlsOptions?: ConnectionOptions;
}

/** Defaults of the optional {@link LdapStrategyOptions}. */
export const LDAP_STRATEGY_DEFAULTS = {
  searchFilter: '(uid={{username}})',
  groupSearchFilter: '(member={{dn}})',
  idAttribute: 'uid',
  timeoutMs: 5000,
  usernameField: 'username',
  passwordField: 'password',
} as const;

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Checks `options` before the strategy is built.
 * @throws IdentityConfigurationError naming the first option to fix
 */
export function assertValidLdapOptions(options: LdapStrategyOptions): void {
  const fail = (message: string): never => {
    throw new IdentityConfigurationError(`strategies.ldap: ${message}`);
  };
  if (!text(options?.url) || !/^ldaps?:\/\//i.test(options.url)) {
    fail('url must be an ldap:// or ldaps:// URL.');
  }
  for (const name of ['bindDN', 'bindCredentials', 'searchBase'] as const) {
    if (!text(options[name])) fail(`${name} must be a non-empty string.`);
  }
  const { groupRoles, timeoutMs, tenantId, tenantAttribute } = options;
  if (typeof groupRoles !== 'object' || groupRoles === null || Array.isArray(groupRoles)) {
    fail('groupRoles must map group DNs or cns to role lists (use {} for none).');
  }
  for (const [group, roles] of Object.entries(groupRoles)) {
    if (!Array.isArray(roles) || !roles.every(text)) {
      fail(`groupRoles[${JSON.stringify(group)}] must be an array of role names.`);
    }
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    fail('timeoutMs must be a positive number of milliseconds.');
  }
  if (tenantId !== undefined && tenantAttribute !== undefined) {
    fail('set either tenantId (one tenant) or tenantAttribute (tenant per user), not both.');
  }
}
