import { currentRequestContext, type Principal, updateRequestContext } from '@cqrs-ddd/core';
import type { ExecutionContext } from '@nestjs/common';

/**
 * Principals authenticated where no request context existed yet (microservice messages,
 * WebSocket events, GraphQL subscriptions): kept per invocation until
 * `PrincipalContextInterceptor` opens the context. Entries go away with their invocation.
 */
const pending = new WeakMap<object, Principal>();

/**
 * Makes `principal` the caller of the invocation `context`: in the current request context when
 * there is one (HTTP behind core's middleware), else kept for `PrincipalContextInterceptor`.
 */
export function bindPrincipal(context: ExecutionContext, principal: Principal): void {
  pending.set(invocationOf(context), principal);
  if (currentRequestContext()) updateRequestContext({ principal });
}

/** The principal {@link bindPrincipal} bound to the invocation `context`, if any. */
export function boundPrincipal(context: ExecutionContext): Principal | undefined {
  return pending.get(invocationOf(context));
}

/**
 * An object that identifies one invocation for guards and interceptors alike: the HTTP
 * request; the GraphQL context (one per operation); for `rpc` and `ws`, the argument array,
 * which Nest hands to guards and interceptors as the same array.
 */
function invocationOf(context: ExecutionContext): object {
  const type = context.getType<string>();
  if (type === 'http') return context.switchToHttp().getRequest<object>();
  if (type === 'graphql') {
    const graphqlContext = context.getArgByIndex<unknown>(2);
    if (typeof graphqlContext === 'object' && graphqlContext !== null) return graphqlContext;
  }
  return context.getArgs();
}
