import { hasErrorCode } from '@cqrs-ddd/core';
import { OutboxError } from './outbox.error.js';

/**
 * The broker refused a message for a reason that retrying will not change (a negative publisher
 * confirm, a payload over the broker's size limit, no stream for the subject...). The relay
 * parks the message after its retries instead of retrying for ever; every other publish error
 * (connection refused, timeout, channel closed) counts as an outage and is retried until the
 * broker is back.
 */
export class MessageRejectedError extends OutboxError {
  static readonly CODE = 'OUTBOX_MESSAGE_REJECTED';
  readonly code = MessageRejectedError.CODE;

  constructor(
    /** Id of the refused message. */
    readonly messageId: string,
    /** What the broker said. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`The broker rejected message ${messageId}: ${reason}`, options);
  }
}

/** True when `error` is a {@link MessageRejectedError}. */
export function isMessageRejectedError(error: unknown): error is MessageRejectedError {
  return hasErrorCode(error, MessageRejectedError.CODE);
}
