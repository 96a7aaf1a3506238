import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import type { CredentialRequest } from '../guard/credential-source.js';
import { presentedCredential } from '../guard/presented-credential.js';
import type { JwtVerifier } from '../jwt/jwt.verifier.js';

/** Passport name of {@link JwtStrategy}. */
export const JWT_STRATEGY = 'cqrs-jwt';

/**
 * Passport strategy `cqrs-jwt` (passport-custom): the `Authorization: Bearer <JWT>` header,
 * verified by the {@link JwtVerifier}. Built by `IdentityModule` when `strategies.jwt` is set;
 * `IdentityGuard` runs it for every bearer credential, on every transport.
 */
export class JwtStrategy extends PassportStrategy(CustomStrategy, JWT_STRATEGY) {
  constructor(private readonly verifier: JwtVerifier) {
    super();
  }

  /**
   * The principal of the request's bearer token.
   * @throws UnauthenticatedError when there is none or it is refused
   */
  async validate(request: CredentialRequest): Promise<Principal> {
    const credential = presentedCredential(request.headers);
    if (credential?.kind !== 'bearer') {
      throw new UnauthenticatedError('Send an "Authorization: Bearer <JWT>" header.');
    }
    return this.verifier.verify(credential.token);
  }
}
