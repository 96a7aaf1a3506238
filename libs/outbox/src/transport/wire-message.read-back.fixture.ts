import type { IntegrationMessage, MessageHeaders } from '@cqrs-ddd/core';
import { decodeWireHeaders, WIRE_HEADERS } from '../message/wire-message.js';

/** What a test read back from a broker: string headers, the body and where it was stored. */
export interface StoredWireMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
  readonly destination: string;
}

const KNOWN_HEADERS = new Set<string>(Object.values(WIRE_HEADERS));

/**
 * Rebuilds the {@link IntegrationMessage} a transport encoded (test read-back): ids, type and
 * context from the wire headers, the further headers unchanged, the payload from the
 * `{ pattern, data }` body. `headers` must hold only what the publisher wrote (drop the
 * broker's own headers first).
 */
export function readBackWireMessage(stored: StoredWireMessage): IntegrationMessage {
  const { headers, body, destination } = stored;
  const decoded = decodeWireHeaders(headers);
  const further = Object.entries(headers).filter(([name]) => !KNOWN_HEADERS.has(name));
  const { pattern, data } = JSON.parse(Buffer.from(body).toString('utf8')) as {
    pattern: string;
    data: unknown;
  };
  if (pattern !== decoded.type) throw new Error(`body pattern ${pattern} ≠ type ${decoded.type}`);
  const { key } = decoded;
  return {
    messageId: decoded.messageId ?? '',
    type: decoded.type ?? '',
    destination,
    payload: data,
    headers: { ...decoded.headers, ...Object.fromEntries(further) } as MessageHeaders,
    ...(key === undefined ? {} : { key }),
  };
}
