import { hasErrorCode } from '@cqrs-ddd/core';
import { OutboxError } from './outbox.error.js';

/**
 * A message reached an inbox consumer without a usable message id (the `x-message-id` header,
 * or the transport's own id such as the AMQP `messageId` property): it cannot be
 * de-duplicated, so the inbox dead-letters it without calling the handler. Publish through
 * the outbox, or set a unique id on every message.
 */
export class MissingMessageIdError extends OutboxError {
  static readonly CODE = 'OUTBOX_MISSING_MESSAGE_ID';
  readonly code = MissingMessageIdError.CODE;

  constructor(
    /** The inbox consumer that refused the message. */
    readonly consumer: string,
    /** What is wrong with the id. */
    readonly reason: string,
  ) {
    super(
      `Inbox consumer ${consumer} received a message without a usable id (${reason}): it ` +
        'cannot be de-duplicated, so it was dead-lettered without calling the handler. Set a ' +
        'unique x-message-id header (or AMQP messageId) on every message.',
    );
  }
}

/** True when `error` is a {@link MissingMessageIdError}. */
export function isMissingMessageIdError(error: unknown): error is MissingMessageIdError {
  return hasErrorCode(error, MissingMessageIdError.CODE);
}
