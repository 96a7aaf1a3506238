import { DuplicateEventTypeError } from '../errors/duplicate-event-type.error.js';
import { EventVersionMismatchError } from '../errors/event-version-mismatch.error.js';
import { UnknownEventTypeError } from '../errors/unknown-event-type.error.js';
import {
  DomainEvent,
  DomainEventClass,
  SerializedEvent,
  eventClassOf,
  eventTypeOf,
  eventVersionOf,
  serializeEvent,
} from './domain-event.js';

/**
 * Maps stable event types to event classes, so stored `{ type, version, data }` can be turned
 * back into instances of the right class. One instance per application (built at bootstrap from
 * discovered event classes), not a global: tests and tenants can hold their own.
 *
 * Version policy: {@link rehydrate} accepts only data at the class's current schema version.
 * Upcasting older data is the event store's job and runs before rehydration.
 */
export class EventTypeRegistry {
  readonly #classes = new Map<string, DomainEventClass<object>>();

  constructor(classes: Iterable<DomainEventClass<object>> = []) {
    this.register(...classes);
  }

  /**
   * Registers event classes. Registering the same class again is a no-op; a different class
   * claiming an already registered type, or a class without its own `static type`, is rejected.
   */
  register(...classes: DomainEventClass<object>[]): this {
    for (const cls of classes) {
      const type = eventTypeOf(cls);
      eventVersionOf(cls);
      const registered = this.#classes.get(type);
      if (registered !== undefined && registered !== cls) {
        throw new DuplicateEventTypeError(type, registered.name, cls.name);
      }
      this.#classes.set(type, cls);
    }
    return this;
  }

  /** True when a class is registered for `type`. */
  has(type: string): boolean {
    return this.#classes.has(type);
  }

  /** The class registered for `type`; throws {@link UnknownEventTypeError} otherwise. */
  classOf(type: string): DomainEventClass<object> {
    const cls = this.#classes.get(type);
    if (cls === undefined) throw new UnknownEventTypeError(type);
    return cls;
  }

  /** Every registered type, in registration order. */
  types(): string[] {
    return [...this.#classes.keys()];
  }

  /** The storable form of `event`; its class must be the one registered for its type. */
  serialize(event: object): SerializedEvent {
    const serialized = serializeEvent(event);
    const registered = this.classOf(serialized.type);
    const cls = eventClassOf(event);
    if (registered !== cls)
      throw new DuplicateEventTypeError(serialized.type, registered.name, cls.name);
    return serialized;
  }

  /**
   * Rebuilds an event instance from its stored form (extra envelope fields such as `metadata`
   * are ignored). Uses the class's static `rehydrate(data)` when it has one; otherwise creates
   * an instance without running the constructor and assigns the data to it.
   */
  rehydrate<E extends object = DomainEvent>(
    stored: Pick<SerializedEvent, 'type' | 'version'> & { readonly data: unknown },
  ): E {
    const cls = this.classOf(stored.type);
    const classVersion = eventVersionOf(cls);
    if (stored.version !== classVersion) {
      throw new EventVersionMismatchError(stored.type, stored.version, classVersion);
    }
    const { data } = stored;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new TypeError(
        `Stored data of event "${stored.type}" must be a JSON object, got ${Array.isArray(data) ? 'an array' : String(data)}.`,
      );
    }
    if (typeof cls.rehydrate === 'function') return cls.rehydrate(data) as E;
    const event = Object.create(cls.prototype) as E;
    // defineProperty, not assignment: a stored "__proto__" key must stay data, never a prototype.
    for (const [key, value] of Object.entries(data)) {
      Object.defineProperty(event, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    return event;
  }
}
