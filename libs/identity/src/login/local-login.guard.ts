import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_STRATEGIES, type IdentityStrategies } from '../strategies/identity-strategies.js';
import { LoginService } from './login.service.js';
import { PassportLoginGuard } from './passport-login.guard.js';

/**
 * Guard of a local login route: checks `{ "username", "password", "tenant"? }` of the body
 * against the database users (`cqrs-local` strategy, `strategies.local`; lockout included).
 * Mark the route `@Public()` so the global guard lets callers without a token through.
 *
 * ```ts
 * @Public()
 * @UseGuards(LocalLoginGuard)
 * @Post('auth/login')
 * login(@CurrentPrincipal() principal: Principal) { return this.logins.login(principal); }
 * ```
 */
@Injectable()
export class LocalLoginGuard extends PassportLoginGuard {
  constructor(@Inject(IDENTITY_STRATEGIES) strategies: IdentityStrategies, logins: LoginService) {
    super(strategies.local, 'strategies.local', logins);
  }
}
