import { DomainEvent, eventTypeOf } from './domain-event.js';

// Symbol-keyed and non-enumerable: ORMs, JSON and structural comparisons never see it as a field.
const PENDING_EVENTS = Symbol.for('@cqrs-ddd/core.pendingEvents');

type WithPendingEvents = { [PENDING_EVENTS]?: DomainEvent[] };

/**
 * Records a domain event on any object (typically an ORM entity), to be appended to the event
 * log in the same transaction that saves the object. Works on instances an ORM created without
 * running their constructor.
 */
export function recordEvent(entity: object, event: DomainEvent): void {
  eventTypeOf(event);
  const holder = entity as WithPendingEvents;
  const pending = holder[PENDING_EVENTS];
  if (pending !== undefined) {
    pending.push(event);
    return;
  }
  Object.defineProperty(holder, PENDING_EVENTS, {
    value: [event],
    enumerable: false,
    writable: false,
    configurable: true,
  });
}

/** Events recorded on `entity` and not yet cleared, oldest first (a copy). */
export function pendingEventsOf(entity: object): readonly DomainEvent[] {
  return Object.freeze([...((entity as WithPendingEvents)[PENDING_EVENTS] ?? [])]);
}

/** Forgets the events recorded on `entity`, once they are in the log. */
export function clearPendingEvents(entity: object): void {
  const pending = (entity as WithPendingEvents)[PENDING_EVENTS];
  if (pending !== undefined) pending.length = 0;
}
