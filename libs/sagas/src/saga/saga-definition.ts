import type { StoredEvent } from '@cqrs-ddd/core';

/** An event class with a stable `static type` (what is stored and matched, never its name). */
export interface SagaEventClass {
  readonly type: string;
  readonly name: string;
}

/** Which events: an event class, a stored type name, or a list of them. */
export type SagaEventMatcher = SagaEventClass | string | readonly (SagaEventClass | string)[];

/** Finds the instance an event belongs to: its id, or `undefined` to ignore the event. */
export type SagaCorrelate = (event: StoredEvent) => string | undefined;

/** Options of `startedBy`: how the starting event names and initialises an instance. */
export interface SagaStartOptions<S> {
  /** Id of the instance the event starts (unique per saga, e.g. the order id). */
  readonly correlate: SagaCorrelate;
  /** Initial state of the instance: plain JSON. */
  readonly init: (event: StoredEvent) => S;
}

/** A step's time limit: when exceeded, the step fails and the saga compensates. */
export interface SagaStepTimeout {
  /** Time allowed from the start of the step, in ms (> 0). */
  readonly afterMs: number;
  /** Reason recorded on the instance. @default `step "<name>" timed out after <afterMs> ms` */
  readonly reason?: string;
}

/** Options of `step`: what the step sends, what ends it and how it is undone. */
export interface SagaStepOptions<S> {
  /**
   * Command sent when the step starts (a class registered with the command type registry).
   * @default none: the step only waits for its events
   */
  readonly command?: (state: S) => object;
  /** Events that complete the step. */
  readonly completedBy: SagaEventMatcher;
  /** Events that fail the step (then the saga compensates). @default none */
  readonly failedBy?: SagaEventMatcher;
  /** How the step's events find their instance. @default the event's stream id */
  readonly correlate?: SagaCorrelate;
  /** New state once the step completed (plain JSON). @default the state unchanged */
  readonly apply?: (state: S, event: StoredEvent) => S;
  /** Command undoing the completed step, sent during compensation. @default none */
  readonly compensate?: (state: S) => object;
  /** Time limit of the step. @default none */
  readonly timeout?: SagaStepTimeout;
}

/** A step as built: its options with the event matchers resolved to type names. */
export interface SagaStepDefinition<S> extends SagaStepOptions<S> {
  /** Unique name within the saga. */
  readonly name: string;
  /** Stored types completing the step. */
  readonly completedTypes: readonly string[];
  /** Stored types failing the step. */
  readonly failedTypes: readonly string[];
}

/**
 * A validated saga (process manager), built with `defineSaga(...)...build()`: the event that
 * starts an instance, its steps in order, and the undo of the start. Plain data and functions:
 * one definition serves every instance.
 */
export interface SagaDefinition<S = Record<string, unknown>> {
  /** Unique, stable name: the key of its instances and of its processor (`saga:<name>`). */
  readonly name: string;
  /** What starts an instance. */
  readonly start: SagaStartOptions<S> & { readonly types: readonly string[] };
  /** The steps, run one after another. */
  readonly steps: readonly SagaStepDefinition<S>[];
  /** Command undoing the starting event, sent last during compensation. @default none */
  readonly compensateStart?: (state: S) => object;
}

/** A definition of any state type (what registries and engines hold). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the state type varies per saga
export type AnySagaDefinition = SagaDefinition<any>;

/** Every stored type a definition reacts to (its processor's filter). */
export function sagaEventTypes(definition: AnySagaDefinition): string[] {
  const types = new Set(definition.start.types);
  for (const step of definition.steps) {
    for (const type of [...step.completedTypes, ...step.failedTypes]) types.add(type);
  }
  return [...types];
}
