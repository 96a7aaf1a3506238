import type { IntegrationMessage } from '@cqrs-ddd/core';
import type { Options } from 'amqplib';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { encodeOrReject, errorText } from '../transport/transport-support.js';
import type { ResolvedRabbitMqPublisherOptions } from './rabbitmq-publisher.options.js';

/** An integration message ready for `ConfirmChannel.publish`. */
export interface AmqpMessage {
  readonly messageId: string;
  readonly routingKey: string;
  /** The wire body, JSON `{ pattern, data }` (what Nest's RMQ transport parses). */
  readonly content: Buffer;
  readonly properties: Options.Publish;
}

/** AMQP short strings (exchange name, routing key, property values) hold at most 255 bytes. */
export const AMQP_SHORT_STRING_BYTES = 255;

/**
 * Encodes `message` for RabbitMQ: the wire body and headers every transport uses (with the
 * ordering key in `x-message-key`, which a consistent-hash exchange can hash on with
 * `hash-header`), as a persistent message with the matching AMQP properties.
 * @throws MessageRejectedError when the message cannot be sent: a payload JSON cannot encode,
 *   a routing key or property value over 255 bytes, a `routingKey` option failing for it.
 */
export function toAmqpMessage(
  message: IntegrationMessage,
  options: Pick<ResolvedRabbitMqPublisherOptions, 'routingKey' | 'appId'>,
): AmqpMessage {
  const { body, headers } = encodeOrReject(message);
  const { messageId, type } = message;
  const { contentType, correlationId, occurredAt } = message.headers;
  const routingKey = routingKeyOf(message, options.routingKey);
  for (const [field, value] of Object.entries({ routingKey, messageId, type, contentType })) {
    assertShortString(messageId, field, value);
  }
  if (correlationId !== undefined) assertShortString(messageId, 'correlationId', correlationId);
  return {
    messageId,
    routingKey,
    content: body,
    properties: {
      persistent: true,
      messageId,
      type,
      contentType,
      timestamp: Math.floor(Date.parse(occurredAt) / 1000),
      headers,
      ...(correlationId !== undefined ? { correlationId } : {}),
      ...(options.appId !== undefined ? { appId: options.appId } : {}),
    },
  };
}

function routingKeyOf(
  message: IntegrationMessage,
  routingKey: (message: IntegrationMessage) => string,
): string {
  let value: unknown;
  try {
    value = routingKey(message);
  } catch (error) {
    const reason = `the routingKey option failed: ${errorText(error)}`;
    throw new MessageRejectedError(message.messageId, reason, { cause: error });
  }
  if (typeof value !== 'string') {
    throw new MessageRejectedError(
      message.messageId,
      `the routingKey option returned ${typeof value}, not a string`,
    );
  }
  return value;
}

function assertShortString(messageId: string, field: string, value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes > AMQP_SHORT_STRING_BYTES) {
    throw new MessageRejectedError(
      messageId,
      `its ${field} takes ${bytes} bytes, AMQP allows at most ${AMQP_SHORT_STRING_BYTES}`,
    );
  }
}
