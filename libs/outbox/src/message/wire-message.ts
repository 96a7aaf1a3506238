import {
  headerValue,
  type HeaderSource,
  type IntegrationMessage,
  type MessageHeaders,
} from '@cqrs-ddd/core';

/**
 * Names of the transport headers every outbox transport writes and the inbox reads. The
 * correlation header is core's default (`x-correlation-id`), so core's
 * `RequestContextInterceptor` also picks it up.
 */
export const WIRE_HEADERS = {
  messageId: 'x-message-id',
  type: 'x-message-type',
  key: 'x-message-key',
  tenantId: 'x-tenant-id',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  traceparent: 'traceparent',
  occurredAt: 'x-occurred-at',
  contentType: 'content-type',
} as const;

/** Header names of {@link MessageHeaders} fields mapped by name (the rest pass through). */
const MAPPED: Readonly<Record<string, string>> = {
  tenantId: WIRE_HEADERS.tenantId,
  correlationId: WIRE_HEADERS.correlationId,
  causationId: WIRE_HEADERS.causationId,
  traceparent: WIRE_HEADERS.traceparent,
  occurredAt: WIRE_HEADERS.occurredAt,
  contentType: WIRE_HEADERS.contentType,
};

/** A message as bytes and string headers, ready for any broker. */
export interface WireMessage {
  /**
   * JSON `{ pattern, data }`: the packet shape of `@nestjs/microservices`, so a Nest
   * `@EventPattern(type)` handler receives `payload` as its data.
   */
  readonly body: Buffer;
  /** Every header as a string: ids, type, context and the message's further headers. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Encodes `message` for a transport (see {@link WireMessage}). */
export function encodeWireMessage(message: IntegrationMessage): WireMessage {
  const headers: Record<string, string> = {
    [WIRE_HEADERS.messageId]: message.messageId,
    [WIRE_HEADERS.type]: message.type,
  };
  if (message.key !== undefined) headers[WIRE_HEADERS.key] = message.key;
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[MAPPED[name] ?? name] = value;
  }
  const body = Buffer.from(JSON.stringify({ pattern: message.type, data: message.payload }));
  return { body, headers };
}

/** What the inbox needs from an incoming message's headers. */
export interface DecodedWireHeaders {
  readonly messageId?: string;
  readonly type?: string;
  readonly key?: string;
  readonly headers: Partial<MessageHeaders>;
}

/** Reads the headers written by {@link encodeWireMessage} (any case; arrays take the first). */
export function decodeWireHeaders(source: HeaderSource | undefined): DecodedWireHeaders {
  const headers: Record<string, string> = {};
  for (const [field, name] of Object.entries(MAPPED)) {
    const value = headerValue(source, name);
    if (value) headers[field] = value;
  }
  return {
    messageId: headerValue(source, WIRE_HEADERS.messageId) || undefined,
    type: headerValue(source, WIRE_HEADERS.type) || undefined,
    key: headerValue(source, WIRE_HEADERS.key) || undefined,
    headers: headers as Partial<MessageHeaders>,
  };
}
