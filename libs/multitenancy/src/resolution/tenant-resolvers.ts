import {
  defineTenantResolver,
  type TenantResolutionInput,
  type TenantResolver,
} from './tenant-resolver.js';

/** Options of {@link TenantResolvers.subdomain}. */
export interface SubdomainTenantResolverOptions {
  /**
   * The domain tenants are subdomains of, e.g. `example.com`: `acme.example.com` names `acme`;
   * the base domain itself and deeper names (`a.b.example.com`) name no tenant.
   */
  readonly baseDomain: string;
  /**
   * Subdomains that are not tenants (compared in lower case).
   * @default ['www']
   */
  readonly exclude?: readonly string[];
}

/** Built-in {@link TenantResolver}s, listed in `MultitenancyModuleOptions.resolvers`. */
export const TenantResolvers = {
  /**
   * The authenticated principal's tenant: `principal.tenantId`, else the string attribute
   * `claim` of the principal (for identity providers that keep the claim as an attribute).
   * Trusted as is.
   * @param claim name of the attribute. @default 'tenant'
   */
  claim(claim = 'tenant'): TenantResolver {
    return defineTenantResolver('claim', `claim ${claim}`, ({ principal }) => {
      if (principal === undefined) return undefined;
      if (principal.tenantId !== undefined) return principal.tenantId;
      const value = principal.attributes?.[claim];
      return typeof value === 'string' ? value : undefined;
    });
  },

  /**
   * The value of a request header (trimmed; empty means absent). A value the client chose:
   * accepted only when it matches the principal's tenant, or for platform administrators.
   * @param name header name, case-insensitive. @default 'x-tenant-id'
   */
  header(name = 'x-tenant-id'): TenantResolver {
    const lower = name.toLowerCase();
    return defineTenantResolver('header', `header ${lower}`, ({ headers }) =>
      headerValue(headers, lower),
    );
  },

  /**
   * The direct subdomain of `baseDomain` in the request's host (`acme.example.com` → `acme`;
   * port and case ignored). A value the client chose, like a header.
   */
  subdomain(options: SubdomainTenantResolverOptions): TenantResolver {
    const base = normaliseHost(options.baseDomain);
    if (!base) throw new TypeError('TenantResolvers.subdomain needs a non-empty baseDomain.');
    const exclude = new Set((options.exclude ?? ['www']).map((label) => label.toLowerCase()));
    return defineTenantResolver('subdomain', `subdomain of ${base}`, ({ host }) => {
      const label = directSubdomain(host, base);
      return label !== undefined && !exclude.has(label) ? label : undefined;
    });
  },

  /**
   * A resolver of your own (e.g. a path segment or an API key look-up). Its values count as
   * client-chosen, like a header's.
   */
  custom(
    resolve: (input: TenantResolutionInput) => string | undefined | Promise<string | undefined>,
    description = 'custom',
  ): TenantResolver {
    return defineTenantResolver('custom', description, resolve);
  },
} as const;

/** The direct subdomain label of `base` in `host`, or `undefined`. */
function directSubdomain(host: string | undefined, base: string): string | undefined {
  const name = normaliseHost(host);
  if (!name || !name.endsWith(`.${base}`)) return undefined;
  const label = name.slice(0, -(base.length + 1));
  return label !== '' && !label.includes('.') ? label : undefined;
}

/** Lower case, without port, brackets of IPv6 literals or the trailing dot of a FQDN. */
function normaliseHost(host: string | undefined): string | undefined {
  let name = host?.trim().toLowerCase();
  if (!name) return undefined;
  if (name.startsWith('[')) return undefined; // IPv6 literal: no subdomains
  const colon = name.indexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name || undefined;
}

function headerValue(
  headers: TenantResolutionInput['headers'],
  lowerName: string,
): string | undefined {
  let value = headers[lowerName];
  if (value === undefined) {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === lowerName);
    value = key === undefined ? undefined : headers[key];
  }
  // Repeated headers name several tenants: keep them all, so the value is rejected as malformed.
  const text = (Array.isArray(value) ? value.join(',') : value)?.trim();
  return text ? text : undefined;
}
