import type { ExecutionContext } from '@nestjs/common';
import type { HeaderSource } from './context-headers.js';

/** How and where request contexts are created; part of `CqrsDddModuleOptions.context`. */
export interface RequestContextOptions {
  /**
   * Mount `RequestContextMiddleware` on every HTTP route (REST and GraphQL over HTTP).
   * @default true
   */
  http?: boolean;
  /**
   * Register `RequestContextInterceptor` globally, for entry points no HTTP middleware reaches
   * (GraphQL subscriptions, microservice handlers, WebSocket gateways). It does nothing where
   * a context already exists.
   * @default false
   */
  interceptor?: boolean;
  /**
   * Header carrying the correlation id in requests (and echoed in responses). Case-insensitive.
   * @default 'x-correlation-id'
   */
  correlationHeader?: string;
  /**
   * Echo the correlation id in the HTTP response header named by {@link correlationHeader}.
   * @default true
   */
  echoCorrelationHeader?: boolean;
  /**
   * Accept the caller's correlation id and `traceparent`. Values that are malformed (ids must be
   * 1-128 characters of `A-Z a-z 0-9 . _ : -`) are always ignored; `false` ignores all of them
   * (for edges facing untrusted clients).
   * @default true
   */
  trustIncomingIds?: boolean;
  /**
   * Finds the headers of a non-HTTP execution context for the interceptor.
   * @default HTTP request headers; for GraphQL the context's `req.headers` (or `request`,
   * `extra.request`, `connectionParams`); for RPC and WebSocket the data's or client's headers
   */
  headersOf?: (context: ExecutionContext) => HeaderSource | undefined;
}

/** Injection token of the resolved {@link RequestContextOptions}. */
export const REQUEST_CONTEXT_OPTIONS = Symbol('cqrs-ddd:REQUEST_CONTEXT_OPTIONS');

/** {@link RequestContextOptions} with defaults applied. */
export type ResolvedRequestContextOptions = Required<Omit<RequestContextOptions, 'headersOf'>> &
  Pick<RequestContextOptions, 'headersOf'>;

/** Applies the documented defaults. */
export function resolveRequestContextOptions(
  options: RequestContextOptions = {},
): ResolvedRequestContextOptions {
  return {
    http: options.http ?? true,
    interceptor: options.interceptor ?? false,
    correlationHeader: (options.correlationHeader ?? 'x-correlation-id').toLowerCase(),
    echoCorrelationHeader: options.echoCorrelationHeader ?? true,
    trustIncomingIds: options.trustIncomingIds ?? true,
    headersOf: options.headersOf,
  };
}
