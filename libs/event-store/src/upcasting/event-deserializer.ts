import type { DomainEvent, EventTypeRegistry, StoredEvent } from '@cqrs-ddd/core';
import { UnknownStoredEventTypeError } from '../errors/unknown-stored-event-type.error.js';
import type { EventUpcasting } from './event-upcaster.js';

/**
 * What to do with a stored event whose type matches no registered class: `'fail'` throws an
 * `UnknownStoredEventTypeError`; `'skip'` leaves it out (aggregates do not see it, but the
 * stream version still counts it).
 */
export type UnknownEventTypePolicy = 'skip' | 'fail';

/**
 * Turns stored events back into domain events: upcasts (upcasters and type aliases), then
 * rehydrates with the `EventTypeRegistry`. Used by aggregate repositories; processors that read
 * the log (projections, sagas) use it too, so they see the same current schema.
 */
export class EventDeserializer {
  constructor(
    private readonly registry: EventTypeRegistry,
    private readonly upcasting: EventUpcasting,
    /** @default 'fail' */
    private readonly unknownEventTypes: UnknownEventTypePolicy = 'fail',
  ) {}

  /** The envelope at its current type and schema version, still as data. */
  upcast(event: StoredEvent): StoredEvent {
    return this.upcasting.upcast(event);
  }

  /**
   * The domain event for `event`, or `undefined` when its type is unknown and the policy is
   * `'skip'`.
   * @throws UnknownStoredEventTypeError for an unknown type with the `'fail'` policy
   * @throws EventVersionMismatchError (core) when no upcaster brings the data to the class's version
   * @throws UpcastingFailedError when an upcaster fails
   */
  deserialize<E extends object = DomainEvent>(event: StoredEvent): E | undefined {
    const current = this.upcasting.upcast(event);
    if (!this.registry.has(current.type)) {
      if (this.unknownEventTypes === 'skip') return undefined;
      throw new UnknownStoredEventTypeError(current.type, event.streamId, event.streamVersion);
    }
    return this.registry.rehydrate<E>(current);
  }
}
