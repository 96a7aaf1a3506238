import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import { errors, jwtVerify } from 'jose';

/** Settings of {@link JwtPrincipalVerifier}. */
export interface JwtVerifierOptions {
  /** Shared HS256 secret (`JWT_SECRET`). */
  readonly secret: string;
  /** Required `iss` claim (`JWT_ISSUER`); unchecked when absent. */
  readonly issuer?: string;
  /** Tolerated clock skew, in seconds. @default 30 */
  readonly clockToleranceSeconds?: number;
}

/**
 * Turns a bearer token into the caller's {@link Principal}: an HS256 JWT signed with the
 * development secret (`sub`, `tenant`, `roles`), checked with `jose` — signature, algorithm
 * (so `alg: none` and asymmetric confusion are refused), expiry, not-before and issuer.
 * Interim identity of the reference app; the identity issue replaces it with passport
 * strategies (JWKS, OIDC, API keys). Never logs the token.
 */
export class JwtPrincipalVerifier {
  private readonly key: Uint8Array;

  constructor(private readonly options: JwtVerifierOptions) {
    this.key = new TextEncoder().encode(options.secret);
  }

  /**
   * The principal the token proves.
   * @throws UnauthenticatedError saying what is wrong (never echoing the token)
   */
  async verify(token: string): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(describeFailure(error));
    }
    const roles = payload.roles ?? [];
    if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
      throw new UnauthenticatedError('The token\'s "roles" claim must be an array of strings.');
    }
    const tenant = payload.tenant;
    if (tenant !== undefined && typeof tenant !== 'string') {
      throw new UnauthenticatedError('The token\'s "tenant" claim must be a string.');
    }
    return {
      id: String(payload.sub),
      tenantId: tenant,
      roles,
      authMethod: 'jwt',
    };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired: obtain a new one.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The token's "${error.claim}" claim is not acceptable (${error.reason}).`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return 'The token is not signed with an accepted algorithm (HS256).';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token signature is invalid.';
  }
  return 'The bearer token is malformed or not a valid JWT.';
}
