import { DomainEvent } from './domain-event.js';
import { Entity } from './entity.js';
import { clearPendingEvents, pendingEventsOf, recordEvent } from './recorded-events.js';

/**
 * Base class of state-stored aggregates (the current state is what gets persisted, e.g. as a
 * MikroORM entity). Command methods change state and `record(event)`; the repository saves the
 * entity and appends `pendingEvents` to the log in one transaction, then clears them.
 *
 * ORM-friendly: no constructor, and pending events live outside the entity's fields (see
 * {@link recordEvent}). Entities that must extend another base class use `recordEvent`,
 * `pendingEventsOf` and `clearPendingEvents` directly.
 */
export abstract class StateStoredAggregateRoot<TId = string> extends Entity<TId> {
  /**
   * Optimistic-concurrency version, owned by persistence: the repository checks it and bumps it
   * on every save (with MikroORM, map it as a `version: true` property). Domain code reads it.
   * @default 0
   */
  version = 0;

  /** Events recorded since the last save, oldest first (a copy). */
  get pendingEvents(): readonly DomainEvent[] {
    return pendingEventsOf(this);
  }

  /** Forgets pending events once they are in the log. */
  clearPendingEvents(): void {
    clearPendingEvents(this);
  }

  /** Records a domain event for appending with the next save. */
  protected record(event: DomainEvent): void {
    recordEvent(this, event);
  }
}
