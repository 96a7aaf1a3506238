import {
  Inject,
  Injectable,
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { IdGenerator } from '../ports/id-generator.port.js';
import { type ClientRequestLike, clientInfoOf } from './client-info.js';
import { contextFromHeaders, type HeaderSource } from './context-headers.js';
import {
  REQUEST_CONTEXT_OPTIONS,
  type ResolvedRequestContextOptions,
} from './request-context.options.js';
import { currentRequestContext, runWithState } from './request-context-scope.js';

/**
 * Entry point for any execution context type — `http`, `graphql`, `rpc`, `ws` — without
 * depending on their packages: when no request context exists yet (no HTTP middleware ran, as
 * for GraphQL subscriptions or microservice messages), it creates one from the transport's
 * headers (and the client's address and user agent, where the transport has a request) and
 * runs the handler in it. Register it globally with `context.interceptor: true`
 * or per controller/resolver with `@UseInterceptors(RequestContextInterceptor)`.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  constructor(
    @Inject(REQUEST_CONTEXT_OPTIONS) private readonly options: ResolvedRequestContextOptions,
    private readonly ids: IdGenerator,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (currentRequestContext()) return next.handle();
    const headers = (this.options.headersOf ?? defaultHeadersOf)(context);
    const state = {
      ...contextFromHeaders(headers, this.options, this.ids),
      ...clientInfoOf(clientRequestOf(context)),
    };
    return new Observable((subscriber) =>
      runWithState(state, () => next.handle().subscribe(subscriber)),
    );
  }
}

/** Where the usual transports keep headers; see `RequestContextOptions.headersOf`. */
export function defaultHeadersOf(context: ArgumentsHost): HeaderSource | undefined {
  const type = context.getType<string>();
  if (type === 'http') return headersIn(context.switchToHttp().getRequest());
  if (type === 'graphql') {
    const gqlContext = context.getArgByIndex<Record<string, unknown> | undefined>(2);
    return (
      headersIn(gqlContext?.req) ??
      headersIn(gqlContext?.request) ??
      headersIn((gqlContext?.extra as Record<string, unknown> | undefined)?.request) ??
      asHeaders(gqlContext?.connectionParams)
    );
  }
  if (type === 'ws')
    return headersIn((context.switchToWs().getClient() as { handshake?: unknown })?.handshake);
  if (type === 'rpc') {
    const rpc = context.switchToRpc();
    return headersIn(rpc.getData()) ?? headersOfRpcContext(rpc.getContext());
  }
  return undefined;
}

/** The request of an `http` or GraphQL-over-HTTP call, or the handshake of a `ws` client. */
function clientRequestOf(context: ArgumentsHost): ClientRequestLike | undefined {
  const type = context.getType<string>();
  const carrier =
    type === 'http'
      ? context.switchToHttp().getRequest<unknown>()
      : type === 'graphql'
        ? (context.getArgByIndex<Record<string, unknown> | undefined>(2)?.req ??
          context.getArgByIndex<Record<string, unknown> | undefined>(2)?.request)
        : type === 'ws'
          ? (context.switchToWs().getClient() as { handshake?: unknown } | undefined)?.handshake
          : undefined;
  return typeof carrier === 'object' && carrier !== null
    ? (carrier as ClientRequestLike)
    : undefined;
}

function headersIn(carrier: unknown): HeaderSource | undefined {
  return asHeaders((carrier as { headers?: unknown } | undefined)?.headers);
}

function headersOfRpcContext(rpcContext: unknown): HeaderSource | undefined {
  const getHeaders = (rpcContext as { getHeaders?: () => unknown } | undefined)?.getHeaders;
  return typeof getHeaders === 'function' ? asHeaders(getHeaders.call(rpcContext)) : undefined;
}

function asHeaders(value: unknown): HeaderSource | undefined {
  return typeof value === 'object' && value !== null ? (value as HeaderSource) : undefined;
}
