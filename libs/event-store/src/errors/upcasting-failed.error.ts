import { hasErrorCode } from '@cqrs-ddd/core';
import { EventStoreError } from './event-store.error.js';

/** An upcaster threw, or returned something other than a plain JSON object. */
export class UpcastingFailedError extends EventStoreError {
  static readonly CODE = 'UPCASTING_FAILED';
  readonly code = UpcastingFailedError.CODE;

  constructor(
    /** Event type the upcaster is registered for. */
    readonly eventType: string,
    /** Schema version it upcasts from. */
    readonly fromVersion: number,
    /** Schema version it upcasts to. */
    readonly toVersion: number,
    /** Id of the stored event being upcast. */
    readonly eventId: string,
    /** What went wrong. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Upcasting event ${eventId} ("${eventType}" v${fromVersion} -> v${toVersion}) failed: ${reason}. ` +
        'Fix the upcaster: it must return the event data at the target version as a plain object.',
      options,
    );
  }
}

/** True when `error` is an {@link UpcastingFailedError}. */
export function isUpcastingFailedError(error: unknown): error is UpcastingFailedError {
  return hasErrorCode(error, UpcastingFailedError.CODE);
}
