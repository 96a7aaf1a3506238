import { hasErrorCode } from '@cqrs-ddd/core';
import { OutboxError } from './outbox.error.js';

/** A publisher's `map` (or `destination`) function threw for an event: the event is parked. */
export class MessageMappingError extends OutboxError {
  static readonly CODE = 'OUTBOX_MESSAGE_MAPPING_FAILED';
  readonly code = MessageMappingError.CODE;

  constructor(
    /** Id of the event that could not be mapped. */
    readonly eventId: string,
    /** Its type. */
    readonly eventType: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Could not map event ${eventId} (${eventType}) to integration messages: ${reason}`,
      options,
    );
  }
}

/** True when `error` is a {@link MessageMappingError}. */
export function isMessageMappingError(error: unknown): error is MessageMappingError {
  return hasErrorCode(error, MessageMappingError.CODE);
}
