import type { IntegrationMessage, MessageHeaders, StoredEvent } from '@cqrs-ddd/core';

/** Names of the further headers the default mapping adds (ordering and schema checks). */
export const EVENT_HEADERS = {
  streamId: 'x-stream-id',
  streamVersion: 'x-stream-version',
  schemaVersion: 'x-schema-version',
} as const;

/**
 * The message of a committed event: message id = event id (consumers de-duplicate on it),
 * type = event type, payload = event data, key = stream id (per-stream order), and the event's
 * context as headers — tenant, correlation, causation, traceparent, occurredAt, content type —
 * plus its stream id, stream version and schema version.
 */
export function defaultIntegrationMessage(
  event: StoredEvent,
  destination: string = event.type,
): IntegrationMessage {
  const { tenantId, correlationId, causationId, traceparent } = event.metadata;
  const headers: Record<string, string> = {
    occurredAt: event.occurredAt,
    contentType: 'application/json',
    [EVENT_HEADERS.streamId]: event.streamId,
    [EVENT_HEADERS.streamVersion]: String(event.streamVersion),
    [EVENT_HEADERS.schemaVersion]: String(event.version),
  };
  if (typeof tenantId === 'string') headers.tenantId = tenantId;
  if (typeof correlationId === 'string') headers.correlationId = correlationId;
  if (typeof causationId === 'string') headers.causationId = causationId;
  if (typeof traceparent === 'string') headers.traceparent = traceparent;
  return {
    messageId: event.eventId,
    type: event.type,
    destination,
    key: event.streamId,
    payload: event.data,
    headers: headers as unknown as MessageHeaders,
  };
}
