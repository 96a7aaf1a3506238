import { v7 as uuidv7 } from 'uuid';
import { serializeEvent } from './domain-event.js';
import { EventEnvelope, EventMetadata } from './event-envelope.js';

/** Where an event goes and the context it carries; see {@link createEventEnvelope}. */
export interface CreateEventEnvelopeOptions {
  /** Stream (aggregate) id. */
  readonly streamId: string;
  /** 1-based position of the event in its stream. */
  readonly streamVersion: number;
  /** Context to store with the event (tenant, correlation, causation, actor, trace). */
  readonly metadata: EventMetadata;
  /** Event id. @default a new UUIDv7 */
  readonly eventId?: string;
  /** When the fact happened. @default now */
  readonly occurredAt?: Date | string;
}

/** Wraps a domain event into the envelope the event log stores. */
export function createEventEnvelope(
  event: object,
  options: CreateEventEnvelopeOptions,
): EventEnvelope {
  const { streamId, streamVersion, metadata } = options;
  if (!Number.isInteger(streamVersion) || streamVersion < 1) {
    throw new RangeError(
      `streamVersion must be a positive integer (1-based), got ${streamVersion}.`,
    );
  }
  const occurredAt = new Date(options.occurredAt ?? Date.now());
  if (Number.isNaN(occurredAt.getTime())) {
    throw new RangeError(`occurredAt must be a valid date, got "${String(options.occurredAt)}".`);
  }
  const { type, version, data } = serializeEvent(event);
  return {
    eventId: options.eventId ?? uuidv7(),
    type,
    version,
    streamId,
    streamVersion,
    occurredAt: occurredAt.toISOString(),
    data,
    metadata: { ...metadata },
  };
}
