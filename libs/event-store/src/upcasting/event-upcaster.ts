import type { DomainEventClass, EventData, StoredEvent } from '@cqrs-ddd/core';

/** Which stored events an upcaster applies to: one type, one schema version step. */
export interface UpcasterMetadata {
  /** Stored event type, e.g. `order.created` (the type as stored, before any alias). */
  readonly type: string;
  /** Schema version the upcaster reads (integer >= 1). */
  readonly from: number;
  /** Schema version it produces (integer > `from`). @default from + 1 */
  readonly to?: number;
}

/**
 * Turns the stored data of an older event schema into the next one, on read: stored events are
 * never rewritten. Upcasters chain per type (`v1 -> v2 -> v3`) until the data reaches the
 * event class's `static version`. Must be pure and deterministic (events are read many times).
 */
export interface EventUpcaster<TFrom extends object = EventData, TTo extends object = EventData> {
  /**
   * Returns the data at the target version (a new object, or `data` changed in place: it is a
   * private copy). `event` is the envelope as stored, for context such as `occurredAt`.
   */
  upcast(data: TFrom, event: StoredEvent): TTo;
}

/** An upcaster given as a plain object in the module options (`upcasters: [...]`). */
export interface UpcasterDefinition<
  TFrom extends object = EventData,
  TTo extends object = EventData,
>
  extends UpcasterMetadata, EventUpcaster<TFrom, TTo> {}

/**
 * Renamed event types: old stored type -> the class (or the type) it is read as today, e.g.
 * `{ 'order.placed': OrderCreated }`. Upcasters of the old type run first, then those of the
 * new type, from the version the data has reached.
 */
export type EventTypeAliases = Readonly<Record<string, DomainEventClass<object> | string>>;

/** Reads stored events at the current schema: applies upcasters and type aliases. */
export interface EventUpcasting {
  /** The event at its current type and schema version (the same object when nothing applies). */
  upcast(event: StoredEvent): StoredEvent;
}
