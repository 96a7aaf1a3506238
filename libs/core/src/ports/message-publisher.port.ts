import { ValidationError, type ValidationIssue } from '../errors/validation.error.js';

/** Transport headers of an integration message; they carry the context across services. */
export interface MessageHeaders {
  readonly tenantId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** W3C trace context, so traces continue in the consumer. */
  readonly traceparent?: string;
  /** When the underlying fact happened (ISO-8601 UTC). */
  readonly occurredAt: string;
  /** Media type of the payload, e.g. `application/json`. */
  readonly contentType: string;
  /** Further string headers, passed through unchanged. */
  readonly [name: string]: string | undefined;
}

/** A message for other services (what the outbox relay publishes). */
export interface IntegrationMessage<TPayload = unknown> {
  /** Unique id; consumers de-duplicate on it (the inbox), since delivery is at-least-once. */
  readonly messageId: string;
  /** Stable message type, e.g. `orders.order-confirmed.v1`. */
  readonly type: string;
  /** Exchange / subject / topic; adapters route by `type` when absent. @default undefined */
  readonly destination?: string;
  readonly payload: TPayload;
  readonly headers: MessageHeaders;
  /** Ordering key (e.g. the aggregate id): messages with one key keep their order. @default undefined */
  readonly key?: string;
}

/**
 * Publishes integration messages to a broker. A returned promise resolves only once the
 * broker has confirmed the message (publisher confirms / acks), so the outbox may mark it as
 * sent; a rejection means it may or may not have arrived, and the outbox retries it.
 */
export abstract class MessagePublisher {
  /**
   * The broker, as OpenTelemetry's `messaging.system` names it (`rabbitmq`, `nats`, `redis`,
   * `kafka`...), for the spans and metrics of what is published. @default undefined
   */
  readonly messagingSystem?: string;

  /** Publishes one message; resolves after the broker's confirmation. */
  abstract publish(message: IntegrationMessage): Promise<void>;

  /**
   * Publishes messages in order; resolves once all are confirmed. On rejection any prefix of
   * the batch may have been published (retries are safe: consumers de-duplicate).
   */
  abstract publishBatch(messages: readonly IntegrationMessage[]): Promise<void>;
}

/** Throws a `ValidationError` listing every malformed field (shared by adapters). */
export function assertValidMessages(messages: readonly IntegrationMessage[]): void {
  const issues: ValidationIssue[] = [];
  const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
  messages.forEach((message, i) => {
    const at = messages.length === 1 ? '' : `${i}.`;
    if (!isText(message.messageId))
      issues.push({ path: `${at}messageId`, message: 'must be a non-empty string' });
    if (!isText(message.type))
      issues.push({ path: `${at}type`, message: 'must be a non-empty string' });
    if (message.destination !== undefined && !isText(message.destination)) {
      issues.push({ path: `${at}destination`, message: 'must be a non-empty string when given' });
    }
    if (message.key !== undefined && !isText(message.key)) {
      issues.push({ path: `${at}key`, message: 'must be a non-empty string when given' });
    }
    const headers: Partial<MessageHeaders> | undefined = message.headers;
    if (typeof headers !== 'object' || headers === null) {
      issues.push({ path: `${at}headers`, message: 'must be an object' });
      return;
    }
    if (!isText(headers.contentType)) {
      issues.push({ path: `${at}headers.contentType`, message: 'must be a non-empty string' });
    }
    if (typeof headers.occurredAt !== 'string' || Number.isNaN(Date.parse(headers.occurredAt))) {
      issues.push({ path: `${at}headers.occurredAt`, message: 'must be an ISO-8601 timestamp' });
    }
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && typeof value !== 'string') {
        issues.push({ path: `${at}headers.${name}`, message: 'must be a string' });
      }
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
}
