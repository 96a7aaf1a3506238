import { eventTypeOf, type EventData, type StoredEvent } from '@cqrs-ddd/core';
import { InvalidUpcasterError } from '../errors/invalid-upcaster.error.js';
import { UpcastingFailedError } from '../errors/upcasting-failed.error.js';
import type {
  EventTypeAliases,
  EventUpcaster,
  EventUpcasting,
  UpcasterMetadata,
} from './event-upcaster.js';

/** An upcaster with its metadata and, for error messages, where it was declared. */
export interface ChainedUpcaster extends UpcasterMetadata {
  readonly upcaster: EventUpcaster<object, object>;
  /** Class or option it came from, for error messages. @default 'options' */
  readonly source?: string;
}

interface Step {
  readonly to: number;
  readonly upcaster: EventUpcaster<object, object>;
  readonly label: string;
}

const isVersion = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1;
const isPlainObject = (value: unknown): value is EventData =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The upcasters and type aliases of an application, validated once: at most one upcaster per
 * (type, from version), versions strictly increasing, aliases without cycles. Reading an event
 * runs its type's upcasters from the stored version up, then follows the type's alias (if any)
 * and continues with the new type's upcasters.
 */
export class UpcasterChain implements EventUpcasting {
  readonly #steps = new Map<string, Map<number, Step>>();
  readonly #aliases = new Map<string, string>();

  constructor(upcasters: Iterable<ChainedUpcaster> = [], aliases: EventTypeAliases = {}) {
    for (const upcaster of upcasters) this.#add(upcaster);
    for (const [from, target] of Object.entries(aliases)) this.#alias(from, target);
    this.#rejectAliasCycles();
  }

  /** True when no upcaster and no alias is registered, so every event reads as stored. */
  get isEmpty(): boolean {
    return this.#steps.size === 0 && this.#aliases.size === 0;
  }

  upcast(event: StoredEvent): StoredEvent {
    if (this.isEmpty) return event;
    let { type, version } = event;
    let data: object = event.data;
    let upcast = false;
    for (;;) {
      const steps = this.#steps.get(type);
      for (let step = steps?.get(version); step !== undefined; step = steps?.get(version)) {
        if (!upcast) data = structuredClone(data);
        upcast = true;
        data = this.#run(step, type, version, data, event);
        version = step.to;
      }
      const alias = this.#aliases.get(type);
      if (alias === undefined) break;
      type = alias;
    }
    if (!upcast && type === event.type) return event;
    return { ...event, type, version, data: data as EventData };
  }

  #run(step: Step, type: string, from: number, data: object, event: StoredEvent): object {
    let result: unknown;
    try {
      result = step.upcaster.upcast(data, event);
    } catch (error) {
      const reason = `${step.label} threw: ${error instanceof Error ? error.message : String(error)}`;
      throw new UpcastingFailedError(type, from, step.to, event.eventId, reason, { cause: error });
    }
    if (!isPlainObject(result)) {
      const got = Array.isArray(result) ? 'an array' : String(result);
      throw new UpcastingFailedError(
        type,
        from,
        step.to,
        event.eventId,
        `${step.label} returned ${got} instead of a plain object`,
      );
    }
    return result;
  }

  #add({ type, from, to = from + 1, upcaster, source = 'options' }: ChainedUpcaster): void {
    const label = `upcaster ${String(type)} v${String(from)} -> v${String(to)} (${source})`;
    if (typeof type !== 'string' || type.trim() === '') {
      throw new InvalidUpcasterError(label, '`type` must be a non-empty event type string.');
    }
    if (!isVersion(from) || !isVersion(to) || to <= from) {
      throw new InvalidUpcasterError(
        label,
        '`from` must be an integer >= 1 and `to` an integer greater than `from`.',
      );
    }
    if (typeof upcaster?.upcast !== 'function') {
      throw new InvalidUpcasterError(label, 'it must have an `upcast(data, event)` method.');
    }
    const steps = this.#steps.get(type) ?? new Map<number, Step>();
    const existing = steps.get(from);
    if (existing !== undefined) {
      throw new InvalidUpcasterError(
        label,
        `${existing.label} already upcasts "${type}" from v${from}; keep exactly one per version.`,
      );
    }
    steps.set(from, { to, upcaster, label });
    this.#steps.set(type, steps);
  }

  #alias(from: string, target: EventTypeAliases[string]): void {
    const to = typeof target === 'function' ? eventTypeOf(target) : target;
    const label = `event type alias "${from}" -> "${String(to)}"`;
    if (from.trim() === '' || typeof to !== 'string' || to.trim() === '') {
      throw new InvalidUpcasterError(label, 'both types must be non-empty strings.');
    }
    if (from === to) throw new InvalidUpcasterError(label, 'a type cannot alias itself.');
    this.#aliases.set(from, to);
  }

  #rejectAliasCycles(): void {
    for (const start of this.#aliases.keys()) {
      const seen = [start];
      for (
        let type = this.#aliases.get(start);
        type !== undefined;
        type = this.#aliases.get(type)
      ) {
        if (seen.includes(type)) {
          throw new InvalidUpcasterError(
            `event type alias "${start}"`,
            `aliases form a cycle: ${[...seen, type].join(' -> ')}.`,
          );
        }
        seen.push(type);
      }
    }
  }
}
