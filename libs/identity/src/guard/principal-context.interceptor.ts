import {
  contextFromHeaders,
  currentRequestContext,
  IdGenerator,
  REQUEST_CONTEXT_OPTIONS,
  type ResolvedRequestContextOptions,
  resolveRequestContextOptions,
  runWithState,
  updateRequestContext,
  UuidV7IdGenerator,
} from '@cqrs-ddd/core';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  Optional,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { credentialRequestOf } from './credential-source.js';
import { boundPrincipal } from './principal-binding.js';

/**
 * Completes `IdentityGuard` where the guard ran before any request context existed
 * (microservice messages, WebSocket events, GraphQL subscriptions; guards run before
 * interceptors): runs the handler in a request context holding the authenticated principal —
 * with the correlation id and trace of the message headers (RabbitMQ and NATS headers too),
 * as core's `RequestContextInterceptor` would — or adds the principal to the context another
 * interceptor opened meanwhile. Registered globally next to the guard.
 */
@Injectable()
export class PrincipalContextInterceptor implements NestInterceptor {
  private readonly options: ResolvedRequestContextOptions;
  private readonly ids: IdGenerator;

  constructor(
    @Optional() @Inject(REQUEST_CONTEXT_OPTIONS) options?: ResolvedRequestContextOptions,
    @Optional() ids?: IdGenerator,
  ) {
    this.options = options ?? resolveRequestContextOptions();
    this.ids = ids ?? new UuidV7IdGenerator();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = boundPrincipal(context);
    if (principal === undefined) return next.handle();
    const current = currentRequestContext();
    if (current) {
      if (current.principal !== principal) updateRequestContext({ principal });
      return next.handle();
    }
    const headers = this.options.headersOf?.(context) ?? credentialRequestOf(context).headers;
    const state = { ...contextFromHeaders(headers, this.options, this.ids), principal };
    return new Observable((subscriber) =>
      runWithState(state, () => next.handle().subscribe(subscriber)),
    );
  }
}
