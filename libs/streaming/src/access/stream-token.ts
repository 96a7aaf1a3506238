import { headerValue, type HeaderSource } from '@cqrs-ddd/core';

/**
 * The bearer token of a streaming connection: `Authorization: Bearer <token>` among `headers`
 * (any case; another scheme counts as none), else the `access_token` query parameter (browsers cannot set headers on a
 * WebSocket). `undefined` when neither is sent.
 */
export function streamTokenOf(
  headers: HeaderSource | undefined,
  query?: URLSearchParams,
): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  if (authorization) {
    const [scheme, token] = authorization.trim().split(/\s+/);
    return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
  }
  return query?.get('access_token') || undefined;
}
