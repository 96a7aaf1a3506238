import { InvalidEventClassError } from '../errors/invalid-event-class.error.js';

/** JSON payload of a serialised event: the event's own enumerable fields, as plain JSON. */
export type EventData = Record<string, unknown>;

/**
 * Optional base class of domain events. Events hold their payload as public readonly fields
 * and declare a stable identity on the class:
 *
 * ```ts
 * class OrderCreated extends DomainEvent {
 *   static readonly type = 'order.created';
 *   static readonly version = 1;
 *   constructor(readonly orderId: string, readonly customerId: string) { super(); }
 * }
 * ```
 *
 * `type` is what the log stores and processors route on — never the class name, which
 * minifiers and refactorings change. `version` is the payload's schema version (default 1).
 * Extending this class is a convenience: any class with those statics works as an event. It
 * declares no statics itself, so subclasses need no `override` under `noImplicitOverride`.
 */
export abstract class DomainEvent {}

/**
 * An event class: a class with its own `static type` (and optionally `version`). Classes whose
 * fields are not plain JSON (value objects, dates) can add a static `rehydrate(data)` that
 * rebuilds an instance from stored data; otherwise the registry assigns the data to a
 * constructor-less instance.
 */
export interface DomainEventClass<E extends object = DomainEvent> {
  readonly type: string;
  readonly version?: number;
  readonly name: string;
  readonly prototype: E;
  /** Typed with the class's own data shape; `object` here so interfaces and type literals both fit. */
  rehydrate?(data: object): E;
}

/** An event in its storable form (the type/version/data part of an `EventEnvelope`). */
export interface SerializedEvent {
  readonly type: string;
  readonly version: number;
  readonly data: EventData;
}

/** The class of an event instance, or the argument itself when it is already a class. */
export function eventClassOf<E extends object>(
  eventOrClass: E | DomainEventClass<E>,
): DomainEventClass<E> {
  if (typeof eventOrClass === 'function') return eventOrClass;
  const prototype: unknown = Object.getPrototypeOf(eventOrClass);
  const cls: unknown =
    prototype === null ? undefined : (prototype as { constructor?: unknown }).constructor;
  if (typeof cls !== 'function' || cls === Object) {
    throw new InvalidEventClassError(
      typeof cls === 'function' ? cls.name : 'null-prototype object',
      'events must be instances of a class that declares `static readonly type`; plain objects are not events.',
    );
  }
  return cls as unknown as DomainEventClass<E>;
}

/** The stable type of an event (instance or class); throws if the class did not declare its own. */
export function eventTypeOf(eventOrClass: object): string {
  const cls = eventClassOf(eventOrClass);
  // An inherited type would make a subclass indistinguishable from its parent in the log.
  const type: unknown = Object.hasOwn(cls, 'type') ? cls.type : undefined;
  if (typeof type !== 'string' || type.trim() === '') {
    throw new InvalidEventClassError(
      cls.name,
      "declare its own `static readonly type = 'context.event-name'`; the class name is never used " +
        'as the stored type because renames and minification would orphan stored events.',
    );
  }
  return type;
}

/** The schema version of an event (instance or class): its own `static version`, or 1. */
export function eventVersionOf(eventOrClass: object): number {
  const cls = eventClassOf(eventOrClass);
  if (!Object.hasOwn(cls, 'version')) return 1;
  const version: unknown = cls.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InvalidEventClassError(
      cls.name,
      `\`static readonly version\` must be a positive integer, got ${String(version)}.`,
    );
  }
  return version;
}

/**
 * The storable form of an event: its type, schema version and its own enumerable fields as
 * plain JSON (dates become ISO strings, value objects their `toJSON()`).
 */
export function serializeEvent(event: object): SerializedEvent {
  const type = eventTypeOf(event);
  const version = eventVersionOf(event);
  const data: unknown = JSON.parse(JSON.stringify(event));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidEventClassError(
      eventClassOf(event).name,
      'an event must serialise to a JSON object; check its toJSON() if it defines one.',
    );
  }
  return { type, version, data: data as EventData };
}
