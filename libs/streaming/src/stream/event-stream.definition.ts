import type { StoredEvent } from '@cqrs-ddd/core';
import { StreamingConfigurationError } from '../errors/streaming-configuration.error.js';

/** A named, public stream of domain events: which events, in which shape, for whom. */
export interface EventStreamDefinition<TPublic = unknown> {
  /** Unique name, used by the transports (e.g. `orders`). */
  readonly name: string;
  /** Stored event types the stream carries (at least one). */
  readonly eventTypes: readonly string[];
  /** Only events of streams of these types (`AppendOptions.streamType`). @default every stream */
  readonly streamTypes?: readonly string[];
  /**
   * The public shape sent to clients (JSON-serialisable): never hand out the stored envelope
   * as is, its metadata holds internal ids.
   */
  readonly map: (event: StoredEvent) => TPublic;
  /**
   * Permission a principal needs to read the stream, checked by the `StreamAccessPolicy` when a
   * client connects. @default none (any authenticated principal of the tenant)
   */
  readonly permission?: string;
}

/** One event as sent to a client. */
export interface StreamFrame<TPublic = unknown> {
  /** The event's log position (`formatLogPosition`): resume with it as `Last-Event-ID`. */
  readonly id: string;
  /** Stored event type, e.g. `order.created`. */
  readonly type: string;
  /** The stream's public shape of the event. */
  readonly data: TPublic;
}

/**
 * Declares an event stream for `StreamingModule.forRoot({ streams })`.
 * @throws StreamingConfigurationError for an empty name or event type list
 */
export function defineEventStream<TPublic>(
  definition: EventStreamDefinition<TPublic>,
): EventStreamDefinition<TPublic> {
  if (!definition.name?.trim()) {
    throw new StreamingConfigurationError('An event stream needs a non-empty name.');
  }
  if (definition.eventTypes.length === 0) {
    throw new StreamingConfigurationError(
      `Event stream "${definition.name}" lists no event types: give at least one in eventTypes.`,
    );
  }
  return Object.freeze({ ...definition, eventTypes: [...definition.eventTypes] });
}

/** Whether `event` belongs to `stream` (by event type and stream type). */
export function streamCarries(stream: EventStreamDefinition, event: StoredEvent): boolean {
  return (
    stream.eventTypes.includes(event.type) &&
    (stream.streamTypes === undefined ||
      (event.streamType !== undefined && stream.streamTypes.includes(event.streamType)))
  );
}
