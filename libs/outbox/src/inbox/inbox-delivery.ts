import { defaultHeadersOf, type HeaderSource, type RequestContextState } from '@cqrs-ddd/core';
import type { ArgumentsHost, ExecutionContext } from '@nestjs/common';
import { NatsContext, RmqContext } from '@nestjs/microservices';
import { decodeWireHeaders } from '../message/wire-message.js';

/** One delivery of a message to an inbox handler, whatever the transport. */
export interface InboxDelivery {
  /** Transport name, for logs: `rmq`, `nats`, or `rpc` for the others. */
  readonly transport: string;
  /** The broker as OpenTelemetry's `messaging.system` names it (`rabbitmq`, `nats`), when known. */
  readonly messagingSystem: string | undefined;
  /** Where the message was sent to: the RabbitMQ routing key or NATS subject, when known. */
  readonly destination: string | undefined;
  /** The id the inbox de-duplicates on, when the message has one. */
  readonly messageId: string | undefined;
  /** The request context the message carries: tenant, correlation, causation and trace. */
  readonly context: RequestContextState;
  /**
   * True when the consumer settles deliveries itself (RabbitMQ with `noAck: false`): it acks
   * after the commit and dead-letters poison messages. Otherwise the transport does what it
   * does with a handler's result or error.
   */
  readonly settles: boolean;
  /** Acknowledges the delivery (nothing when the transport does not settle). */
  ack(): void;
  /** Rejects the delivery without requeueing it, so the broker dead-letters it. */
  deadLetter(): void;
}

/** The delivery being handled in `context` (an `rpc` execution context). */
export function inboxDeliveryOf(context: ExecutionContext | ArgumentsHost): InboxDelivery {
  const rpcContext: unknown = context.switchToRpc().getContext();
  if (rpcContext instanceof RmqContext) return rabbitMqDelivery(rpcContext);
  if (rpcContext instanceof NatsContext) {
    const headers = rpcContext.getHeaders() as HeaderSource;
    const destination = rpcContext.getSubject();
    return {
      ...decoded(headers),
      transport: 'nats',
      messagingSystem: 'nats',
      destination,
      ...unsettled,
    };
  }
  const headers = defaultHeadersOf(context);
  return {
    ...decoded(headers),
    transport: 'rpc',
    messagingSystem: undefined,
    destination: undefined,
    ...unsettled,
  };
}

interface AmqpMessage {
  readonly properties?: { readonly headers?: HeaderSource; readonly messageId?: unknown };
  readonly fields?: { readonly routingKey?: unknown };
}

interface AmqpChannel {
  ack(message: AmqpMessage): void;
  nack(message: AmqpMessage, allUpTo: boolean, requeue: boolean): void;
}

/** RabbitMQ messages already acked or rejected: a message is settled once, never twice. */
const settledMessages = new WeakSet<AmqpMessage>();

function rabbitMqDelivery(rmq: RmqContext): InboxDelivery {
  const message = rmq.getMessage() as AmqpMessage;
  const channel = rmq.getChannelRef() as AmqpChannel;
  const once = (settle: () => void) => () => {
    if (settledMessages.has(message)) return;
    settle();
    settledMessages.add(message);
  };
  const { messageId, context } = decoded(message.properties?.headers);
  const property = message.properties?.messageId;
  const routingKey = message.fields?.routingKey;
  return {
    transport: 'rmq',
    messagingSystem: 'rabbitmq',
    destination: typeof routingKey === 'string' && routingKey ? routingKey : rmq.getPattern(),
    messageId: messageId ?? (typeof property === 'string' && property ? property : undefined),
    context,
    settles: true,
    ack: once(() => channel.ack(message)),
    deadLetter: once(() => channel.nack(message, false, false)),
  };
}

const unsettled = { settles: false, ack: () => undefined, deadLetter: () => undefined };

const CONTEXT_FIELDS = ['tenantId', 'correlationId', 'causationId', 'traceparent'] as const;

function decoded(source: HeaderSource | undefined): Pick<InboxDelivery, 'messageId' | 'context'> {
  const { messageId, headers } = decodeWireHeaders(source);
  const context: Record<string, string> = {};
  for (const field of CONTEXT_FIELDS) {
    const value = headers[field];
    if (value !== undefined) context[field] = value;
  }
  return { messageId, context };
}

/**
 * For an exception filter of a microservice: dead-letters the RabbitMQ message whose handling
 * failed before the inbox settled it — e.g. refused by a guard (no or an invalid credential) —
 * so it neither stays unacknowledged (holding a prefetch slot until the connection closes) nor
 * comes back. Does nothing for other transports or a message already settled.
 */
export function deadLetterUnsettledDelivery(host: ArgumentsHost): void {
  if (host.getType() !== 'rpc') return;
  const delivery = inboxDeliveryOf(host);
  if (delivery.settles) delivery.deadLetter();
}
