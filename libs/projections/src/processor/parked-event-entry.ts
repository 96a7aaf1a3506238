import type { StoredEvent } from '@cqrs-ddd/core';
import type { ParkedEvent } from './parked-event-store.port.js';

/**
 * `error.code` of an event parked unhandled because an earlier event of its stream is parked
 * (events of a stream are handled in log order).
 */
export const HELD_BEHIND_PARKED_EVENT = 'HELD_BEHIND_PARKED_EVENT';

/** Where and why an event is parked. */
export interface ParkingDetails {
  readonly processorName: string;
  readonly partition: number;
  /** Failed attempts. */
  readonly attempts: number;
  /** The last error. */
  readonly error: unknown;
  readonly parkedAt: Date;
}

/** The dead-letter entry of `event`. */
export function parkedEventEntry(event: StoredEvent, details: ParkingDetails): ParkedEvent {
  return {
    eventId: event.eventId,
    processorName: details.processorName,
    partition: details.partition,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    position: event.position,
    attempts: details.attempts,
    error: describeError(details.error),
    parkedAt: details.parkedAt.toISOString(),
  };
}

/** Message, and `code` and `name` when known, of any thrown value. */
export function describeError(error: unknown): ParkedEvent['error'] {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    name: error.name,
  };
}
