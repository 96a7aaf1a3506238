import { type CryptoKey, type JWTPayload, type KeyObject, SignJWT } from 'jose';

/** A development secret of the tests (≥ 32 characters). */
export const TEST_SECRET = 'test-secret-of-the-identity-suite-0123456789';

/** Seconds since the epoch, `offset` seconds from now. */
export const epoch = (offset = 0): number => Math.floor(Date.now() / 1000) + offset;

/** Header and timing of {@link signToken}. */
export interface TokenShape {
  readonly alg?: string;
  readonly kid?: string;
  /** `exp`, in seconds from now. @default 300 */
  readonly expiresIn?: number;
  /** `nbf`, in seconds from now. @default none */
  readonly notBefore?: number;
}

/** A JWT with `claims`, signed with `key` (default: {@link TEST_SECRET} with HS256). */
export function signToken(
  claims: JWTPayload,
  key: CryptoKey | KeyObject | Uint8Array = new TextEncoder().encode(TEST_SECRET),
  { alg = 'HS256', kid, expiresIn = 300, notBefore }: TokenShape = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) })
    .setIssuedAt()
    .setExpirationTime(epoch(expiresIn));
  if (notBefore !== undefined) jwt.setNotBefore(epoch(notBefore));
  return jwt.sign(key);
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`"alg": "none"`, empty signature). */
export function unsignedToken(claims: JWTPayload): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ exp: epoch(300), ...claims })}.`;
}

/** `token` with its payload replaced by `claims`, keeping the original signature (a forgery). */
export function withForgedClaims(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encode(claims)}.${signature}`;
}
