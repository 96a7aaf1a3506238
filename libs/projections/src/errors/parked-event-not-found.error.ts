import { hasErrorCode } from '@cqrs-ddd/core';
import { ProjectionsError } from './projections.error.js';

/** A processor has no parked event with that id (never parked, or already retried or skipped). */
export class ParkedEventNotFoundError extends ProjectionsError {
  static readonly CODE = 'PARKED_EVENT_NOT_FOUND';
  readonly code = ParkedEventNotFoundError.CODE;

  constructor(
    readonly processorName: string,
    readonly eventId: string,
  ) {
    super(
      `Processor "${processorName}" has no parked event "${eventId}": it was never parked, or ` +
        'was already retried or skipped. List the parked events to see what is left.',
    );
  }
}

/** True when `error` is a {@link ParkedEventNotFoundError}. */
export function isParkedEventNotFoundError(error: unknown): error is ParkedEventNotFoundError {
  return hasErrorCode(error, ParkedEventNotFoundError.CODE);
}
