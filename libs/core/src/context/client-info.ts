import { type HeaderSource, headerValue } from './context-headers.js';
import type { RequestContextState } from './request-context-state.js';

/** Longest `User-Agent` kept in the request context; longer values are cut. */
export const MAX_USER_AGENT_LENGTH = 512;

/**
 * The parts of a request that name the caller: Node's `IncomingMessage`, Express and Fastify
 * requests (`ip`, `socket`, `headers`), a Socket.IO handshake (`address`, `headers`).
 */
export interface ClientRequestLike {
  readonly ip?: unknown;
  readonly address?: unknown;
  readonly socket?: { readonly remoteAddress?: unknown } | null;
  readonly headers?: HeaderSource;
}

/**
 * Client address and user agent of `request`, for the request context. The address is the
 * platform's `ip` (Express and Fastify apply their `trust proxy` settings to
 * `X-Forwarded-For`), else the handshake's `address`, else the socket's remote address —
 * forwarding headers are never read here, since any caller can send them.
 */
export function clientInfoOf(
  request: ClientRequestLike | undefined,
): Pick<RequestContextState, 'clientAddress' | 'userAgent'> {
  if (!request) return {};
  const clientAddress = [request.ip, request.address, request.socket?.remoteAddress].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  const userAgent = headerValue(request.headers, 'user-agent')?.slice(0, MAX_USER_AGENT_LENGTH);
  return {
    ...(clientAddress !== undefined && { clientAddress }),
    ...(userAgent && { userAgent }),
  };
}
