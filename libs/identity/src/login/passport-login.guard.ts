import type { Principal } from '@cqrs-ddd/core';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Strategy } from 'passport';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { bindPrincipal } from '../guard/principal-binding.js';
import { authenticateWith } from '../strategies/passport-authentication.js';
import type { LoginService } from './login.service.js';

/**
 * Base of the login guards: runs a username/password passport strategy on the HTTP request
 * body (never the query string, which ends up in access logs) and makes the principal the
 * caller of the route — read it with `@CurrentPrincipal()` and hand it to `LoginService.login`.
 * Refused credentials are recorded in the audit trail (`LoginService.recordRefusal`).
 */
export abstract class PassportLoginGuard implements CanActivate {
  /**
   * @param strategy the configured strategy, or `undefined` when it is not configured
   * @param option the `strategies.*` option that configures it, for the error message
   * @param logins records refused attempts
   */
  protected constructor(
    private readonly strategy: Strategy | undefined,
    private readonly option: string,
    private readonly logins: LoginService,
  ) {}

  /**
   * Authenticates the body's credentials.
   * @throws UnauthenticatedError for missing or refused credentials
   * @throws IdentityConfigurationError when the strategy is not configured or the route is not HTTP
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.constructor.name;
    if (this.strategy === undefined) {
      throw new IdentityConfigurationError(`${name} needs IdentityModule's ${this.option}.`);
    }
    if (context.getType() !== 'http') {
      throw new IdentityConfigurationError(`${name} guards HTTP login routes only.`);
    }
    const { body } = context.switchToHttp().getRequest<{ body?: unknown }>();
    let principal: Principal;
    try {
      principal = await authenticateWith(
        this.strategy,
        { body: body ?? {} },
        'Send "username" and "password" in the request body.',
      );
    } catch (error) {
      const { username, tenant } = (body ?? {}) as { username?: unknown; tenant?: unknown };
      await this.logins.recordRefusal({ username, tenantId: tenant }, error);
      throw error;
    }
    bindPrincipal(context, principal);
    return true;
  }
}
