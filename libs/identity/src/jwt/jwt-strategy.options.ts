import type { JWK } from 'jose';

/** Which claims of a verified token make up the principal (see `claimsToPrincipal`). */
export interface JwtClaimsOptions {
  /**
   * Claim holding the tenant id (a string). Absent claim → platform-level principal.
   * @default 'tenant'
   */
  tenant?: string;
  /**
   * Claim holding a plain array of role names. Keycloak's `realm_access.roles` are always added,
   * and `resource_access[clientId].roles` when {@link clientId} is set.
   * @default 'roles'
   */
  roles?: string;
  /**
   * Keycloak client whose `resource_access[clientId].roles` are added to the roles (usually the
   * client id of this API).
   * @default none (client roles are ignored)
   */
  clientId?: string;
  /**
   * Claims copied into `principal.attributes` (for ABAC), on top of the entries of an
   * `attributes` object claim when the token has one.
   * @default []
   */
  attributes?: readonly string[];
}

/** How `TokenIssuer` signs the tokens it issues (login endpoints, development tokens). */
export interface JwtIssuingOptions {
  /**
   * Private key for asymmetric signing: a private JWK or a PKCS#8 PEM string. Its public half
   * must be in the JWKS the verifier reads. Without it, tokens are signed with `secret`.
   * @default none
   */
  privateKey?: JWK | string;
  /**
   * `kid` header of issued tokens (the key id of the public key in the JWKS).
   * @default the private JWK's `kid`, else none
   */
  keyId?: string;
  /**
   * Signing algorithm; must be one of the verifier's `algorithms`.
   * @default the private JWK's `alg`, else the first of `algorithms`
   */
  algorithm?: string;
  /**
   * Lifetime of issued tokens, in seconds.
   * @default 3600
   */
  expiresInSeconds?: number;
}

/** JWT bearer tokens (`Authorization: Bearer <JWT>`), verified with jose. */
export interface JwtStrategyOptions {
  /**
   * Shared secret for HS256/384/512 (development, or a single trusted issuer); at least 32
   * characters. Exactly one of `secret` and `jwksUri` is required.
   */
  secret?: string;
  /**
   * URL of the issuer's JSON Web Key Set (OIDC `jwks_uri`, e.g. Keycloak's
   * `https://sso.example.com/realms/acme/protocol/openid-connect/certs`). Keys are fetched,
   * cached and refetched for unknown key ids. Principals get `authMethod: 'oidc'`.
   */
  jwksUri?: string;
  /**
   * Accepted `alg` header values; `none` is never accepted, and HS* (with `secret`) and
   * asymmetric algorithms (with `jwksUri`) are never mixed.
   * @default ['HS256'] with `secret`; ['RS256', 'ES256', 'PS256'] with `jwksUri`
   */
  algorithms?: readonly string[];
  /**
   * Accepted `iss` values (any of them).
   * @default none (the issuer is not checked)
   */
  issuer?: string | readonly string[];
  /**
   * Accepted `aud` values (the token must name one of them).
   * @default none (the audience is not checked)
   */
  audience?: string | readonly string[];
  /**
   * Tolerated clock skew for `exp`, `nbf` and `iat`, in seconds.
   * @default 30
   */
  clockToleranceSeconds?: number;
  /**
   * Time limit of a JWKS request, in milliseconds.
   * @default 5000
   */
  jwksTimeoutMs?: number;
  /** Claims → principal mapping. @default see {@link JwtClaimsOptions} */
  claims?: JwtClaimsOptions;
  /** Token issuing (`TokenIssuer`). @default HS-signed with `secret`, 3600 s */
  issuing?: JwtIssuingOptions;
}

/** Algorithms accepted with a secret when `algorithms` is not set. */
export const DEFAULT_HMAC_ALGORITHMS: readonly string[] = ['HS256'];

/** Algorithms accepted with a JWKS when `algorithms` is not set. */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly string[] = ['RS256', 'ES256', 'PS256'];

/** The accepted algorithms of `options`, defaults applied. */
export function acceptedAlgorithms(options: JwtStrategyOptions): readonly string[] {
  if (options.algorithms) return options.algorithms;
  return options.secret === undefined ? DEFAULT_ASYMMETRIC_ALGORITHMS : DEFAULT_HMAC_ALGORITHMS;
}
