import { SignJWT } from 'jose';

/** Claims of a development token. */
export interface DevelopmentTokenClaims {
  /** Subject (user id). */
  readonly sub: string;
  /** Tenant id (`tenant` claim); omitted for platform-level tokens. */
  readonly tenant?: string;
  /** Role names (`roles` claim). @default [] */
  readonly roles?: readonly string[];
  /** ABAC attributes (`attributes` claim), e.g. `{ customerId: 'c-1' }`. @default none */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Lifetime, in seconds. @default 3600 */
  readonly expiresInSeconds?: number;
  /** `iss` claim. @default none */
  readonly issuer?: string;
  /** `aud` claim. @default none */
  readonly audience?: string;
}

/**
 * An HS256 JWT with `sub`, `tenant`, `roles` and optional `attributes`, signed with `secret`: what `npm run token`
 * prints and the e2e tests send. For development only — production tokens come from the
 * identity provider.
 */
export async function signDevelopmentToken(
  claims: DevelopmentTokenClaims,
  secret: string,
): Promise<string> {
  const jwt = new SignJWT({
    ...(claims.tenant === undefined ? {} : { tenant: claims.tenant }),
    roles: [...(claims.roles ?? [])],
    ...(claims.attributes === undefined ? {} : { attributes: claims.attributes }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${claims.expiresInSeconds ?? 3600}s`);
  if (claims.issuer !== undefined) jwt.setIssuer(claims.issuer);
  if (claims.audience !== undefined) jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
