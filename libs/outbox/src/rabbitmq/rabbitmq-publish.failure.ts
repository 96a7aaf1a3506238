import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { errorText } from '../transport/transport-support.js';
import type { AmqpMessage } from './rabbitmq.message.js';

/** Transport name in the `BrokerUnavailableError`s of the RabbitMQ publisher. */
export const RABBITMQ_TRANSPORT = 'rabbitmq';

/** AMQP reply code of a channel closed for a failed precondition (`PRECONDITION_FAILED`). */
const PRECONDITION_FAILED = 406;
/** How RabbitMQ words the 406 it closes a channel with for a message over `max_message_size`. */
const MESSAGE_TOO_LARGE = /message size (\d+) is larger than (?:configured )?max size/;

/** Why a channel or connection closed, as amqplib reports it (`code` = AMQP reply code). */
export type AmqpCloseReason = Error & { readonly code?: unknown };

/**
 * The error a batch fails with when its channel or connection closed under it with `reason`.
 * RabbitMQ answers a message over `max_message_size` by closing the channel with a 406 naming
 * the size: that is a permanent {@link MessageRejectedError} for the batch's message of that
 * size (if the batch has none, another batch on the channel caused it). Every other close is an
 * outage: {@link BrokerUnavailableError}.
 */
export function closedLinkFailure(
  reason: AmqpCloseReason,
  batch: readonly AmqpMessage[],
): MessageRejectedError | BrokerUnavailableError {
  const size = reason.code === PRECONDITION_FAILED && MESSAGE_TOO_LARGE.exec(reason.message)?.[1];
  const culprit = size ? batch.find((message) => message.content.length === Number(size)) : null;
  if (culprit) {
    return new MessageRejectedError(culprit.messageId, reason.message, { cause: reason });
  }
  return new BrokerUnavailableError(
    RABBITMQ_TRANSPORT,
    `the connection or channel closed before the broker confirmed every message (${reason.message})`,
    { cause: reason },
  );
}

/** The error of a batch whose publisher confirms did not all arrive within `timeoutMs`. */
export function confirmTimeoutFailure(timeoutMs: number, count: number): BrokerUnavailableError {
  return new BrokerUnavailableError(
    RABBITMQ_TRANSPORT,
    `the broker did not confirm ${count} message(s) within ${timeoutMs} ms (confirmTimeoutMs)`,
  );
}

/** The error of a message the broker answered with a negative publisher confirm (`basic.nack`). */
export function nackFailure(messageId: string): MessageRejectedError {
  return new MessageRejectedError(
    messageId,
    'the broker nacked it (e.g. a queue at its x-max-length with x-overflow reject-publish)',
  );
}

/**
 * The error of a `publish` call that threw. amqplib throws a `RangeError` before sending
 * anything when the message's headers exceed its 64 KiB field-table buffer: permanent for that
 * message. Anything else (the channel closing or closed) is an outage.
 */
export function publishCallFailure(
  error: unknown,
  message: AmqpMessage,
): MessageRejectedError | BrokerUnavailableError {
  if (error instanceof RangeError) {
    return new MessageRejectedError(message.messageId, error.message, { cause: error });
  }
  return new BrokerUnavailableError(RABBITMQ_TRANSPORT, `publish failed: ${errorText(error)}`, {
    cause: error,
  });
}
