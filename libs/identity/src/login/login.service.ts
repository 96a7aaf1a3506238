import type { Principal } from '@cqrs-ddd/core';
import { Inject, Injectable } from '@nestjs/common';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import type { IssuedToken, TokenIssuer } from '../jwt/token.issuer.js';
import type { LocalLogin } from '../users/local-user.js';
import type { LocalUserStore } from '../users/local-user.store.js';
import { IDENTITY_SERVICES, type IdentityServices } from '../module/identity-services.js';

/**
 * The login endpoint's helper: turns a principal that proved who it is (a login guard ran) into
 * a bearer token the `cqrs-jwt` strategy accepts.
 */
@Injectable()
export class LoginService {
  constructor(@Inject(IDENTITY_SERVICES) private readonly services: IdentityServices) {}

  /**
   * A token for `principal`, signed by the `TokenIssuer` of `strategies.jwt`.
   * @throws IdentityConfigurationError when `strategies.jwt` is not configured
   */
  login(principal: Principal): Promise<IssuedToken> {
    return this.issuer().issue(principal);
  }

  /**
   * Checks a local user's password (lockout included) and issues a token: for login
   * mutations and other entry points without a login guard.
   * @throws UnauthenticatedError (one generic message) when the login is refused
   * @throws IdentityConfigurationError when `strategies.local` or `strategies.jwt` is not configured
   */
  async loginWithPassword(login: LocalLogin): Promise<IssuedToken> {
    const issuer = this.issuer();
    return issuer.issue(await this.users().verify(login));
  }

  private issuer(): TokenIssuer {
    if (this.services.tokenIssuer) return this.services.tokenIssuer;
    throw new IdentityConfigurationError("Issuing tokens needs IdentityModule's strategies.jwt.");
  }

  private users(): LocalUserStore {
    if (this.services.localUsers) return this.services.localUsers;
    throw new IdentityConfigurationError("Password logins need IdentityModule's strategies.local.");
  }
}
