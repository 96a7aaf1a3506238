import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** Metadata key of {@link Public}. */
export const PUBLIC_ROUTE = 'cqrs-ddd:identity:public';

/**
 * Marks a controller, route, resolver or message handler that needs no credential (health
 * probes, login endpoints, public documents). A credential that is sent anyway is still
 * verified: a bad one is refused, a good one puts its principal in the request context.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** True when the handler of `context`, or its class, is marked {@link Public}. */
export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}
