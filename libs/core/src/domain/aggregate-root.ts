import { MissingEventHandlerError } from '../errors/missing-event-handler.error.js';
import { DomainEvent, DomainEventClass, eventClassOf, eventTypeOf } from './domain-event.js';
import { Entity } from './entity.js';

/** Handler of one event type, as returned by {@link AggregateRoot.on}. */
export interface EventHandlerBinding<E extends object = DomainEvent> {
  /** Stable type of the handled event. */
  readonly type: string;
  /** Applies the event to the aggregate's state. */
  handle(event: E): void;
}

/** Aggregate state captured at `version`; `state` must be JSON-serialisable. */
export interface AggregateSnapshot<TState> {
  readonly version: number;
  readonly state: TState;
}

/**
 * Base class of event-sourced aggregates. Commands validate and call `apply(event)`; handlers
 * change state and are found, by the event's stable type, in this order:
 *
 * 1. the bindings returned by `handles()` (type-safe, minification-safe):
 *    `protected override handles() { return [this.on(OrderCreated, (e) => { this.status = 'pending'; })]; }`
 * 2. a method named `on<EventClassName>`, e.g. `onOrderCreated(event: OrderCreated)` — keep class
 *    names intact (no minification) when relying on this style.
 *
 * `version` counts every event applied, replayed or covered by a snapshot; 0 for a new aggregate.
 */
export abstract class AggregateRoot<TId = string, TSnapshot = unknown> extends Entity<TId> {
  readonly id: TId;
  #version = 0;
  readonly #uncommitted: DomainEvent[] = [];
  #handlers?: ReadonlyMap<string, EventHandlerBinding>;

  constructor(id: TId) {
    super();
    this.id = id;
  }

  /** Number of events in the aggregate's history, including uncommitted ones. */
  get version(): number {
    return this.#version;
  }

  /** Version of the stored stream this aggregate was loaded at: the expected version for appending. */
  get committedVersion(): number {
    return this.#version - this.#uncommitted.length;
  }

  /** Events applied since loading or the last {@link markCommitted}, oldest first (a copy). */
  get uncommittedEvents(): readonly DomainEvent[] {
    return Object.freeze([...this.#uncommitted]);
  }

  /** Forgets uncommitted events after they were stored; the version stays. */
  markCommitted(): void {
    this.#uncommitted.length = 0;
  }

  /** Replays stored events (oldest first) without recording them. */
  loadFromHistory(events: Iterable<DomainEvent>): this {
    if (this.#uncommitted.length > 0) {
      throw new Error(
        `${this.constructor.name} "${String(this.id)}" has uncommitted events: history can only be loaded before new events are applied.`,
      );
    }
    for (const event of events) {
      this.#dispatch(event);
      this.#version += 1;
    }
    return this;
  }

  /** The current state for a snapshot store; see {@link toSnapshot}. */
  takeSnapshot(): AggregateSnapshot<TSnapshot> {
    return { version: this.#version, state: structuredClone(this.toSnapshot()) };
  }

  /** Restores a fresh aggregate from a snapshot, then replays the events stored after it. */
  loadFromSnapshot(
    snapshot: AggregateSnapshot<TSnapshot>,
    subsequentEvents: Iterable<DomainEvent> = [],
  ): this {
    if (this.#version !== 0 || this.#uncommitted.length > 0) {
      throw new Error(
        `${this.constructor.name} "${String(this.id)}" is not fresh: load snapshots into a new instance.`,
      );
    }
    if (!Number.isInteger(snapshot.version) || snapshot.version < 0) {
      throw new RangeError(
        `Snapshot version must be a non-negative integer, got ${snapshot.version}.`,
      );
    }
    this.restoreSnapshot(structuredClone(snapshot.state), snapshot.version);
    this.#version = snapshot.version;
    return this.loadFromHistory(subsequentEvents);
  }

  /** Handles `event` and records it as uncommitted. Called by command methods. */
  protected apply(event: DomainEvent): void {
    this.#dispatch(event);
    this.#uncommitted.push(event);
    this.#version += 1;
  }

  /** Explicit handler bindings, built with {@link on}; consulted before `on<EventClassName>` methods. */
  protected handles(): readonly EventHandlerBinding[] {
    return [];
  }

  /** Binds a typed handler to an event class, for {@link handles}. */
  protected on<E extends object>(
    eventClass: DomainEventClass<E>,
    handler: (event: E) => void,
  ): EventHandlerBinding<E> {
    return { type: eventTypeOf(eventClass), handle: handler };
  }

  /** Snapshot hook: the state to persist (plain data, cloned by the caller). */
  protected toSnapshot(): TSnapshot {
    throw new Error(this.#noSnapshots());
  }

  /** Snapshot hook: replaces the state with a snapshot's (a private copy) taken at `version`. */
  protected restoreSnapshot(_state: TSnapshot, _version: number): void {
    throw new Error(this.#noSnapshots());
  }

  #noSnapshots(): string {
    return `${this.constructor.name} does not support snapshots: override toSnapshot() and restoreSnapshot().`;
  }

  #dispatch(event: DomainEvent): void {
    const type = eventTypeOf(event);
    const binding = this.#bindings().get(type);
    if (binding !== undefined) return binding.handle(event);
    const eventClass = eventClassOf(event);
    const method = (this as unknown as Record<string, unknown>)[`on${eventClass.name}`];
    if (typeof method === 'function') return void method.call(this, event);
    throw new MissingEventHandlerError(this.constructor.name, type, eventClass.name);
  }

  #bindings(): ReadonlyMap<string, EventHandlerBinding> {
    if (this.#handlers !== undefined) return this.#handlers;
    const handlers = new Map<string, EventHandlerBinding>();
    for (const binding of this.handles()) {
      if (handlers.has(binding.type)) {
        throw new Error(`${this.constructor.name}.handles() binds event "${binding.type}" twice.`);
      }
      handlers.set(binding.type, binding);
    }
    this.#handlers = handlers;
    return handlers;
  }
}
