import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthenticatedError, updateRequestContext } from '@cqrs-ddd/core';
import type { ExpressRequest } from '../http/express.types.js';
import { JwtPrincipalVerifier } from './jwt-principal.verifier.js';
import { PUBLIC_ROUTE } from './public.decorator.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Global guard, first of the app's guards: every REST route and GraphQL operation needs an
 * `Authorization: Bearer <JWT>` header, except routes marked `@Public()`. The verified
 * principal goes into the request context, where the tenant guard, the pipeline and event
 * metadata read it. Failures are `UnauthenticatedError`s (401 / `UNAUTHENTICATED`).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtPrincipalVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'http' && type !== 'graphql') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request =
      type === 'http'
        ? context.switchToHttp().getRequest<ExpressRequest>()
        : (context.getArgs()[2] as { req?: ExpressRequest } | undefined)?.req;
    const header = request?.headers.authorization;
    if (header === undefined) {
      throw new UnauthenticatedError('Send an "Authorization: Bearer <JWT>" header.');
    }
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (token === undefined) {
      throw new UnauthenticatedError('The Authorization header must be "Bearer <JWT>".');
    }
    updateRequestContext({ principal: await this.verifier.verify(token) });
    return true;
  }
}
