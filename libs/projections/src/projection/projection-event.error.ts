import { hasErrorCode, type StoredEvent } from '@cqrs-ddd/core';
import { ProjectionsError } from '../errors/projections.error.js';

/**
 * A projection could not apply one event: its handler threw, or the event has no tenant. The
 * batch is rolled back; the processor engine retries, then parks the event (see `cause`).
 */
export class ProjectionEventError extends ProjectionsError {
  static readonly CODE = 'PROJECTION_EVENT_FAILED';
  readonly code = ProjectionEventError.CODE;
  /** Id of the event that failed. */
  readonly eventId: string;
  /** Its (current) type. */
  readonly eventType: string;

  constructor(
    /** Projection name. */
    readonly projection: string,
    event: StoredEvent,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Projection "${projection}" failed on event ${event.eventId} ("${event.type}", stream ` +
        `"${event.streamId}" v${event.streamVersion}): ${reason}`,
      options,
    );
    this.eventId = event.eventId;
    this.eventType = event.type;
  }
}

/** True when `error` is a {@link ProjectionEventError}. */
export function isProjectionEventError(error: unknown): error is ProjectionEventError {
  return hasErrorCode(error, ProjectionEventError.CODE);
}
