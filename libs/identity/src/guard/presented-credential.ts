import { headerValue, type HeaderSource, UnauthenticatedError } from '@cqrs-ddd/core';

/** A credential a caller sent in its headers. */
export type PresentedCredential =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'api-key'; readonly key: string };

/** `Authorization: <scheme> <value>`, nothing else. */
const AUTHORIZATION = /^(\S+)\s+(\S+)$/;

/**
 * The credential in `headers` (any case; arrays take the first value):
 * `Authorization: Bearer <JWT>`, `Authorization: ApiKey <key>` or `X-Api-Key: <key>`.
 * Returns `undefined` when none is sent.
 * @throws UnauthenticatedError for another scheme, a malformed header, or two credentials at once
 */
export function presentedCredential(
  headers: HeaderSource | undefined,
): PresentedCredential | undefined {
  const authorization = headerValue(headers, 'authorization') || undefined;
  const apiKey = headerValue(headers, 'x-api-key') || undefined;
  if (authorization !== undefined && apiKey !== undefined) {
    throw new UnauthenticatedError(
      'Send one credential: an "Authorization" header or an "X-Api-Key" header, not both.',
    );
  }
  if (apiKey !== undefined) return { kind: 'api-key', key: apiKey };
  if (authorization === undefined) return undefined;
  const [, scheme, value] = AUTHORIZATION.exec(authorization) ?? [];
  switch (scheme?.toLowerCase()) {
    case 'bearer':
      return { kind: 'bearer', token: value! };
    case 'apikey':
      return { kind: 'api-key', key: value! };
    default:
      throw new UnauthenticatedError(
        'The Authorization header must be "Bearer <token>" or "ApiKey <key>".',
      );
  }
}
