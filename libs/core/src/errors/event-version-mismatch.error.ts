import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/**
 * Stored event data has a schema version other than the one its class declares, and nothing
 * upcast it first. Upcasters run in front of rehydration and must bring the data to the
 * class's version.
 */
export class EventVersionMismatchError extends CqrsDddError {
  static readonly CODE = 'EVENT_VERSION_MISMATCH';
  readonly code = EventVersionMismatchError.CODE;

  constructor(
    /** Event type, e.g. `order.created`. */
    readonly eventType: string,
    /** Schema version of the stored data. */
    readonly storedVersion: number,
    /** Schema version the registered class declares. */
    readonly classVersion: number,
  ) {
    super(
      `Event "${eventType}" was stored with schema version ${storedVersion} but its class declares ` +
        `version ${classVersion}: register an upcaster from version ${storedVersion} to ${classVersion}.`,
    );
  }
}

/** True when `error` is an {@link EventVersionMismatchError}. */
export function isEventVersionMismatchError(error: unknown): error is EventVersionMismatchError {
  return hasErrorCode(error, EventVersionMismatchError.CODE);
}
