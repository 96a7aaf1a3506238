import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import { LDAP_STRATEGY_DEFAULTS, type LdapStrategyOptions } from './ldap.options.js';

/** A group entry found by the group search. */
export interface LdapGroup {
  readonly dn: string;
  readonly cn?: string | readonly string[];
}

/**
 * A user entry as passport-ldapauth returns it: the DN, the attributes (one value as a string,
 * several as an array) and, when groups were searched, `_groups`.
 */
export interface LdapUser {
  readonly dn: string;
  readonly _groups?: readonly LdapGroup[];
  readonly [attribute: string]: unknown;
}

const values = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string',
  );

/** Lower-case DN without blanks around its separators, so equal DNs compare equal. */
const normalDn = (dn: string) =>
  dn
    .toLowerCase()
    .replace(/\s*([,=+])\s*/g, '$1')
    .trim();

/**
 * The principal of an authenticated LDAP user (`authMethod: 'ldap'`): `id` from `idAttribute`;
 * roles from `groupRoles` for every group of the user (found by the group search, or named by
 * the entry's `memberOf`), matched by DN or `cn`; tenant fixed (`tenantId`) or from
 * `tenantAttribute`; `attributes` copied from the entry (absent ones left out).
 * @throws UnauthenticatedError when the entry has no `idAttribute` (or no tenant attribute
 * value where one is configured)
 */
export function ldapUserToPrincipal(user: LdapUser, options: LdapStrategyOptions): Principal {
  const idAttribute = options.idAttribute ?? LDAP_STRATEGY_DEFAULTS.idAttribute;
  const [id] = values(user[idAttribute]);
  if (!id) {
    throw new UnauthenticatedError(
      `The directory entry of this user has no "${idAttribute}" attribute: set strategies.ldap.idAttribute to an attribute every user has.`,
    );
  }
  const tenantId = options.tenantAttribute
    ? values(user[options.tenantAttribute])[0]
    : options.tenantId;
  if (options.tenantAttribute && !tenantId) {
    throw new UnauthenticatedError(
      `The directory entry of this user has no "${options.tenantAttribute}" attribute, so it belongs to no tenant.`,
    );
  }
  const attributes: Record<string, string | string[]> = {};
  for (const name of options.attributes ?? []) {
    const found = values(user[name]);
    if (found.length > 0) attributes[name] = Array.isArray(user[name]) ? found : found[0]!;
  }
  return {
    id,
    ...(tenantId === undefined ? {} : { tenantId }),
    roles: rolesOf(user, options.groupRoles),
    ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
    authMethod: 'ldap',
  };
}

/** Roles of the user's groups, in the order of `groupRoles`, each once. */
function rolesOf(user: LdapUser, groupRoles: LdapStrategyOptions['groupRoles']): string[] {
  const groups = new Set<string>();
  const addDn = (dn: string) => {
    const normal = normalDn(dn);
    groups.add(normal);
    // `cn=readers,ou=groups,...` is also known as `readers`.
    const rdn = /^cn=((?:[^,\\]|\\.)*)/.exec(normal);
    if (rdn) groups.add(rdn[1]!);
  };
  values(user.memberOf).forEach(addDn);
  for (const group of user._groups ?? []) {
    addDn(group.dn);
    for (const cn of values(group.cn)) groups.add(cn.toLowerCase());
  }
  const roles = new Set<string>();
  for (const [group, granted] of Object.entries(groupRoles)) {
    if (groups.has(normalDn(group))) granted.forEach((role) => roles.add(role));
  }
  return [...roles];
}
