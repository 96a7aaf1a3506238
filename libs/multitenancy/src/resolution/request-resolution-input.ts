import type { Principal } from '@cqrs-ddd/core';
import type { TenantResolutionInput } from './tenant-resolver.js';

/** The parts of an HTTP request (Express, Fastify, a GraphQL context's `req`) the guard reads. */
export interface RequestLike {
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The {@link TenantResolutionInput} of an HTTP request: its headers, its host (from
 * `X-Forwarded-Host`, first value, only when `trustProxy`, else `Host`) and `principal`.
 */
export function resolutionInputOf(
  request: RequestLike | undefined,
  principal: Principal | undefined,
  trustProxy: boolean,
): TenantResolutionInput {
  const headers = request?.headers ?? {};
  const forwarded = trustProxy ? firstValue(headers['x-forwarded-host']) : undefined;
  const host = forwarded ?? firstValue(headers.host);
  return { headers, ...(host === undefined ? {} : { host }), principal };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const first = text?.split(',')[0]?.trim();
  return first ? first : undefined;
}
