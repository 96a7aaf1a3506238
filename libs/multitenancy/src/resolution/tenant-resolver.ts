import type { Principal } from '@cqrs-ddd/core';

/** What a {@link TenantResolver} reads: the request's headers and host, and the authenticated caller. */
export interface TenantResolutionInput {
  /** Request headers (Node lower-cases their names; resolvers also match other casings). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Host name the client addressed, with or without port (`Host`, or `X-Forwarded-Host` behind a trusted proxy). */
  readonly host?: string;
  /** The authenticated caller, when there is one. */
  readonly principal?: Principal;
}

/**
 * Where a resolver's value comes from. `claim` values come from the authenticated principal and
 * are trusted as they are; every other kind is a value the client chose, which
 * `TenantResolutionService` accepts only when it matches the principal's tenant (or for
 * platform administrators).
 */
export type TenantResolverKind = 'claim' | 'header' | 'subdomain' | 'custom';

/**
 * Finds the tenant id a request names, or `undefined` when it names none. Build one with
 * `TenantResolvers.claim()`, `.header()`, `.subdomain()` or `.custom()`.
 */
export interface TenantResolver {
  (input: TenantResolutionInput): string | undefined | Promise<string | undefined>;
  /** Where the value comes from (decides whether it is trusted). */
  readonly kind: TenantResolverKind;
  /** Human-readable description for diagnostics and errors, e.g. `header x-tenant-id`. */
  readonly description: string;
}

/** Tags `resolve` as a {@link TenantResolver} of `kind`. */
export function defineTenantResolver(
  kind: TenantResolverKind,
  description: string,
  resolve: (input: TenantResolutionInput) => string | undefined | Promise<string | undefined>,
): TenantResolver {
  const resolver = (input: TenantResolutionInput) => resolve(input);
  return Object.assign(resolver, { kind, description }) as TenantResolver;
}
