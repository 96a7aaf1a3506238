import { type AuthMethod, type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import type { JwtClaimsOptions } from '../jwt/jwt-strategy.options.js';

/** Claims of a verified token, as jose returns them. */
export type TokenClaims = Readonly<Record<string, unknown>>;

/** Claim holding an object of ABAC attributes, copied as a whole into the principal. */
export const ATTRIBUTES_CLAIM = 'attributes';

/**
 * The principal a verified token proves:
 * - `id` ← `sub` (required);
 * - `tenantId` ← the tenant claim (a string; absent → platform-level principal);
 * - `roles` ← the plain roles claim ∪ Keycloak `realm_access.roles` ∪
 *   `resource_access[clientId].roles` (when `clientId` is configured), without duplicates;
 * - `attributes` ← the entries of the `attributes` object claim, then the configured claims.
 *
 * Only call it with the claims of a token whose signature was checked.
 * @throws UnauthenticatedError when a claim has the wrong shape (never echoing the token)
 */
export function claimsToPrincipal(
  claims: TokenClaims,
  options: JwtClaimsOptions,
  authMethod: AuthMethod,
): Principal {
  const id = claims.sub;
  if (typeof id !== 'string' || id === '') {
    throw new UnauthenticatedError('The token has no "sub" (subject) claim.');
  }
  const tenantClaim = options.tenant ?? 'tenant';
  const tenantId = claims[tenantClaim];
  if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId === '')) {
    throw new UnauthenticatedError(
      `The token's "${tenantClaim}" claim must be a non-empty string.`,
    );
  }
  const roles = rolesOf(claims, options);
  const attributes = attributesOf(claims, options.attributes ?? []);
  return {
    id,
    ...(tenantId === undefined ? {} : { tenantId }),
    roles,
    ...(attributes === undefined ? {} : { attributes }),
    authMethod,
  };
}

function rolesOf(claims: TokenClaims, options: JwtClaimsOptions): string[] {
  const rolesClaim = options.roles ?? 'roles';
  const roles = stringArray(claims[rolesClaim], rolesClaim);
  const realm = objectClaim(claims.realm_access, 'realm_access');
  roles.push(...stringArray(realm?.roles, 'realm_access.roles'));
  if (options.clientId !== undefined) {
    const resources = objectClaim(claims.resource_access, 'resource_access');
    const client = objectClaim(resources?.[options.clientId], 'resource_access.<clientId>');
    roles.push(...stringArray(client?.roles, 'resource_access.<clientId>.roles'));
  }
  return [...new Set(roles)];
}

function attributesOf(
  claims: TokenClaims,
  names: readonly string[],
): Record<string, unknown> | undefined {
  const fromObject = objectClaim(claims[ATTRIBUTES_CLAIM], ATTRIBUTES_CLAIM);
  const attributes: Record<string, unknown> = { ...fromObject };
  for (const name of names) {
    if (claims[name] !== undefined) attributes[name] = claims[name];
  }
  return Object.keys(attributes).length === 0 ? undefined : attributes;
}

function stringArray(value: unknown, claim: string): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return [...value];
  }
  throw new UnauthenticatedError(`The token's "${claim}" claim must be an array of strings.`);
}

function objectClaim(value: unknown, claim: string): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Readonly<Record<string, unknown>>;
  }
  throw new UnauthenticatedError(`The token's "${claim}" claim must be an object.`);
}
