import { defaultHeadersOf, type HeaderSource } from '@cqrs-ddd/core';
import type { ExecutionContext } from '@nestjs/common';

/** What passport strategies read: headers, and for login forms a body. */
export interface CredentialRequest {
  readonly headers?: HeaderSource;
  readonly body?: unknown;
}

/**
 * The request a strategy authenticates in `context`, on every transport:
 * - `http`: the HTTP request itself;
 * - `graphql`: the context's `req` (HTTP), else the headers of `request` / `extra.request` /
 *   `connectionParams` (subscriptions);
 * - `ws`: the client's handshake headers (Socket.IO);
 * - `rpc`: the message headers — RabbitMQ `properties.headers`, NATS headers, else a `headers`
 *   field of the data (transports without headers, e.g. TCP).
 */
export function credentialRequestOf(context: ExecutionContext): CredentialRequest {
  const type = context.getType<string>();
  if (type === 'http') return context.switchToHttp().getRequest<CredentialRequest>();
  if (type === 'graphql') {
    const request = context.getArgByIndex<{ req?: CredentialRequest } | undefined>(2)?.req;
    if (request?.headers !== undefined) return request;
  }
  return { headers: type === 'rpc' ? rpcHeadersOf(context) : defaultHeadersOf(context) };
}

interface AmqpMessageLike {
  readonly properties?: { readonly headers?: unknown };
}

/** Message headers of an `rpc` context: RabbitMQ, NATS, or the data's `headers`. */
export function rpcHeadersOf(context: ExecutionContext): HeaderSource | undefined {
  const rpc = context.switchToRpc();
  const transport = rpc.getContext<Record<string, unknown> | undefined>();
  if (typeof transport?.getMessage === 'function') {
    const message = (transport.getMessage as () => AmqpMessageLike | undefined).call(transport);
    const headers = asHeaders(message?.properties?.headers);
    if (headers) return headers;
  }
  if (typeof transport?.getHeaders === 'function') {
    const headers = asHeaders((transport.getHeaders as () => unknown).call(transport));
    if (headers) return headers;
  }
  return asHeaders(rpc.getData<{ headers?: unknown } | undefined>()?.headers);
}

function asHeaders(value: unknown): HeaderSource | undefined {
  return typeof value === 'object' && value !== null ? (value as HeaderSource) : undefined;
}
