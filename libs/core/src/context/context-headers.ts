import type { IdGenerator } from '../ports/id-generator.port.js';
import { parseTraceparent } from '../telemetry/traceparent.js';
import type { RequestContextState } from './request-context-state.js';

/**
 * Headers as transports expose them: a plain record (Node, Express, Fastify, GraphQL
 * `connectionParams`) or an object with `get(name)` (fetch `Headers`, NATS `MsgHdrs`).
 */
export type HeaderSource = Readonly<Record<string, unknown>> | { get(name: string): unknown };

/** Correlation ids accepted from outside: short, and nothing that could forge log lines. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The first value of header `name` (case-insensitive), or `undefined`. */
export function headerValue(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  const raw =
    typeof headers.get === 'function'
      ? (headers as { get(name: string): unknown }).get(lower)
      : findCaseInsensitive(headers as Readonly<Record<string, unknown>>, lower);
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value.trim() : undefined;
}

/** The trace id of a valid `traceparent` value, or `undefined`. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return parseTraceparent(traceparent)?.traceId;
}

/** Settings of {@link contextFromHeaders}. */
export interface HeaderContextSettings {
  readonly correlationHeader: string;
  readonly trustIncomingIds: boolean;
}

/**
 * The request context of an incoming request: correlation id from the correlation header,
 * else the `traceparent` trace id, else a new id; the `traceparent` when it is valid.
 */
export function contextFromHeaders(
  headers: HeaderSource | undefined,
  settings: HeaderContextSettings,
  ids: IdGenerator,
): RequestContextState {
  if (!settings.trustIncomingIds) return { correlationId: ids.newId() };
  const header = headerValue(headers, settings.correlationHeader);
  const traceparent = headerValue(headers, 'traceparent');
  const traceId = traceIdOf(traceparent);
  const correlationId = header && SAFE_ID.test(header) ? header : (traceId ?? ids.newId());
  return traceId ? { correlationId, traceparent } : { correlationId };
}

function findCaseInsensitive(headers: Readonly<Record<string, unknown>>, lower: string): unknown {
  if (lower in headers) return headers[lower];
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}
