import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_STRATEGIES, type IdentityStrategies } from '../strategies/identity-strategies.js';
import { LoginService } from './login.service.js';
import { PassportLoginGuard } from './passport-login.guard.js';

/**
 * Guard of an LDAP login route: binds as the user named by the body's `username` with its
 * `password` (`cqrs-ldap` strategy, `strategies.ldap`) and maps the entry and its groups to the
 * principal. Mark the route `@Public()`.
 *
 * ```ts
 * @Public()
 * @UseGuards(LdapLoginGuard)
 * @Post('auth/ldap-login')
 * login(@CurrentPrincipal() principal: Principal) { return this.logins.login(principal); }
 * ```
 */
@Injectable()
export class LdapLoginGuard extends PassportLoginGuard {
  constructor(@Inject(IDENTITY_STRATEGIES) strategies: IdentityStrategies, logins: LoginService) {
    super(strategies.ldap, 'strategies.ldap', logins);
  }
}
