import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** An aggregate was asked to apply (or replay) an event it has no handler for. */
export class MissingEventHandlerError extends CqrsDddError {
  static readonly CODE = 'MISSING_EVENT_HANDLER';
  readonly code = MissingEventHandlerError.CODE;

  constructor(
    /** Aggregate class name. */
    readonly aggregateName: string,
    /** Stable type of the event. */
    readonly eventType: string,
    /** Event class name. */
    readonly eventClassName: string,
  ) {
    super(
      `${aggregateName} has no handler for event "${eventType}" (${eventClassName}): add a method ` +
        `on${eventClassName}(event) or an entry this.on(${eventClassName}, ...) in handles().`,
    );
  }
}

/** True when `error` is a {@link MissingEventHandlerError}. */
export function isMissingEventHandlerError(error: unknown): error is MissingEventHandlerError {
  return hasErrorCode(error, MissingEventHandlerError.CODE);
}
