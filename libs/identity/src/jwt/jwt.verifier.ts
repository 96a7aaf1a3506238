import {
  type AuthMethod,
  Clock,
  type Principal,
  SystemClock,
  UnauthenticatedError,
} from '@cqrs-ddd/core';
import {
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import { claimsToPrincipal } from '../principal/claims-principal.mapper.js';
import { assertValidJwtOptions } from './jwt-options.validation.js';
import { jwtRejection } from './jwt-rejection.js';
import { acceptedAlgorithms, type JwtStrategyOptions } from './jwt-strategy.options.js';

/**
 * Turns a bearer JWT into the caller's {@link Principal} with jose: the signature with the
 * shared secret (HS*) or with the issuer's key set (`jwksUri`, keys chosen by `kid`, fetched
 * and cached), the algorithm against an explicit list (never `none`), `iss`, `aud`, `exp` and
 * `nbf` (with clock tolerance); then the claims are mapped by `claimsToPrincipal`.
 *
 * Every rejection is an `UnauthenticatedError` whose message says what is wrong and never
 * contains the token. Principals get `authMethod: 'jwt'` (secret) or `'oidc'` (JWKS).
 */
export class JwtVerifier {
  /** How principals from this verifier authenticated. */
  readonly authMethod: AuthMethod;
  /** The accepted `alg` values. */
  readonly algorithms: readonly string[];
  private readonly verifyWithKey: (
    token: string,
    options: JWTVerifyOptions,
  ) => Promise<JWTVerifyResult>;

  /**
   * @param options the `strategies.jwt` options (validated here)
   * @param clock time source for `exp` / `nbf` checks
   * @throws IdentityConfigurationError when the options are inconsistent
   */
  constructor(
    private readonly options: JwtStrategyOptions,
    private readonly clock: Clock = new SystemClock(),
  ) {
    assertValidJwtOptions(options);
    this.algorithms = acceptedAlgorithms(options);
    if (options.jwksUri === undefined) {
      const secret = new TextEncoder().encode(options.secret);
      this.authMethod = 'jwt';
      this.verifyWithKey = (token, verifyOptions) => jwtVerify(token, secret, verifyOptions);
    } else {
      const keySet = createRemoteJWKSet(new URL(options.jwksUri), {
        timeoutDuration: options.jwksTimeoutMs ?? 5000,
      });
      this.authMethod = 'oidc';
      this.verifyWithKey = (token, verifyOptions) => jwtVerify(token, keySet, verifyOptions);
    }
  }

  /**
   * The principal `token` proves.
   * @throws UnauthenticatedError saying why the token is refused (never echoing it)
   */
  async verify(token: string | undefined): Promise<Principal> {
    if (token === undefined || token === '') {
      throw new UnauthenticatedError('Send an "Authorization: Bearer <JWT>" header.');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verifyWithKey(token, {
        algorithms: [...this.algorithms],
        issuer: asList(this.options.issuer),
        audience: asList(this.options.audience),
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      throw jwtRejection(error, token, this.algorithms);
    }
    return claimsToPrincipal(payload, this.options.claims ?? {}, this.authMethod);
  }
}

function asList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : [...value];
}
