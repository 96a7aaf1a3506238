import type { Principal } from '@cqrs-ddd/core';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Strategy } from 'passport';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { bindPrincipal } from '../guard/principal-binding.js';
import { authenticateWith } from '../strategies/passport-authentication.js';

/**
 * Base of the login guards: runs a username/password passport strategy on the HTTP request
 * body (never the query string, which ends up in access logs) and makes the principal the
 * caller of the route — read it with `@CurrentPrincipal()` and hand it to `LoginService.login`.
 */
export abstract class PassportLoginGuard implements CanActivate {
  /**
   * @param strategy the configured strategy, or `undefined` when it is not configured
   * @param option the `strategies.*` option that configures it, for the error message
   */
  protected constructor(
    private readonly strategy: Strategy | undefined,
    private readonly option: string,
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
    const principal: Principal = await authenticateWith(
      this.strategy,
      { body: body ?? {} },
      'Send "username" and "password" in the request body.',
    );
    bindPrincipal(context, principal);
    return true;
  }
}
