import { currentRequestContext, type Principal } from '@cqrs-ddd/core';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { boundPrincipal } from '../guard/principal-binding.js';

/**
 * The authenticated caller, as a handler parameter — on controllers, resolvers, gateways and
 * message handlers alike: the request context's principal (set by `IdentityGuard` or a login
 * guard). `undefined` on a `@Public()` route called without credentials.
 *
 * ```ts
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) { return principal; }
 * ```
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    currentRequestContext()?.principal ?? boundPrincipal(context),
);
