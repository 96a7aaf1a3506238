import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** An append carried an `eventId` that the store already holds (or that appeared twice in it). */
export class DuplicateEventError extends CqrsDddError {
  static readonly CODE = 'DUPLICATE_EVENT';
  readonly code = DuplicateEventError.CODE;

  constructor(
    /** The event id that is not unique. */
    readonly eventId: string,
  ) {
    super(
      `Event "${eventId}" already exists in the event store; nothing was appended. ` +
        'Give every new event its own eventId (or omit it to have one generated); ' +
        'to retry an append safely, re-read the stream and check whether the event is already there.',
    );
  }
}

/** True when `error` is a {@link DuplicateEventError}. */
export function isDuplicateEventError(error: unknown): error is DuplicateEventError {
  return hasErrorCode(error, DuplicateEventError.CODE);
}
