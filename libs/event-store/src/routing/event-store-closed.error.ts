import { hasErrorCode } from '@cqrs-ddd/core';
import { EventStoreError } from '../errors/event-store.error.js';

/**
 * The event store of a storage target was asked for after the event store shut down: no new
 * target store is opened then (it would hold connections nobody closes). Seen only by work that
 * outlives the application's shutdown.
 */
export class EventStoreClosedError extends EventStoreError {
  static readonly CODE = 'EVENT_STORE_CLOSED';
  readonly code = EventStoreClosedError.CODE;

  constructor(
    /** Key of the storage target that was asked for. */
    readonly targetKey: string,
  ) {
    super(
      `The event store is shut down: the store of storage target '${targetKey}' cannot be opened. ` +
        'Stop the work that still uses it before closing the application.',
    );
  }
}

/** True when `error` is an {@link EventStoreClosedError}. */
export function isEventStoreClosedError(error: unknown): error is EventStoreClosedError {
  return hasErrorCode(error, EventStoreClosedError.CODE);
}
