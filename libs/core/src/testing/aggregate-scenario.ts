import { deepStrictEqual } from 'node:assert/strict';
import { AggregateRoot } from '../domain/aggregate-root.js';
import { DomainEvent, serializeEvent } from '../domain/domain-event.js';
import { pendingEventsOf } from '../domain/recorded-events.js';

/** An error class, as accepted by {@link AggregateScenarioOutcome.thenThrows}. */
export type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

type Outcome<T> =
  | { readonly aggregate: T; readonly threw: false; readonly events: readonly DomainEvent[] }
  | { readonly aggregate: T; readonly threw: true; readonly error: unknown };

/**
 * Given/when/then for aggregates, independent of the test runner: every assertion throws an
 * `Error` with a readable diff on mismatch.
 *
 * ```ts
 * aggregateScenario(() => new Order('o-1'))
 *   .given(new OrderCreated('o-1', 'c-1'))
 *   .when((order) => order.addItem('p-1', 2))
 *   .then(new ItemAdded('o-1', 'p-1', 2));
 * ```
 *
 * Works with event-sourced aggregates (`given` replays history; `then` checks the events applied
 * by `when`) and with state-stored ones (no `given`; `then` checks the events recorded by `when`).
 * Events compare by stable type and serialised data.
 */
export function aggregateScenario<T extends object>(factory: () => T): AggregateScenario<T> {
  return new AggregateScenario(factory);
}

/** The given/when stage of {@link aggregateScenario}. */
export class AggregateScenario<T extends object> {
  readonly #factory: () => T;
  readonly #history: DomainEvent[] = [];

  constructor(factory: () => T) {
    this.#factory = factory;
  }

  /** Past events to replay before the command (event-sourced aggregates only). */
  given(...events: DomainEvent[]): this {
    this.#history.push(...events);
    return this;
  }

  /** The command under test; must be synchronous, like aggregate behaviour. */
  when(command: (aggregate: T) => unknown): AggregateScenarioOutcome<T> {
    return new AggregateScenarioOutcome(() => this.#run(command));
  }

  #run(command: (aggregate: T) => unknown): Outcome<T> {
    const aggregate = this.#factory();
    if (this.#history.length > 0) {
      if (!(aggregate instanceof AggregateRoot)) {
        throw new Error(
          'given() replays history, so the scenario needs an event-sourced AggregateRoot.',
        );
      }
      aggregate.loadFromHistory(this.#history);
    }
    const before = emittedBy(aggregate).length;
    let result: unknown;
    try {
      result = command(aggregate);
    } catch (error) {
      return { aggregate, threw: true, error };
    }
    if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') {
      throw new Error('when() returned a promise: aggregate behaviour must be synchronous.');
    }
    return { aggregate, threw: false, events: emittedBy(aggregate).slice(before) };
  }
}

/** The then stage of {@link aggregateScenario}: each method runs the scenario and asserts. */
export class AggregateScenarioOutcome<T extends object> {
  readonly #run: () => Outcome<T>;

  constructor(run: () => Outcome<T>) {
    this.#run = run;
  }

  /** Asserts that the command emitted exactly these events, in order; returns the aggregate. */
  then(...expected: DomainEvent[]): T {
    if (expected.some((event) => typeof event === 'function')) {
      throw new Error(
        'Aggregate scenarios are synchronous: call then(...events) instead of awaiting.',
      );
    }
    return this.#expectEvents(expected);
  }

  /** Asserts that the command succeeded without emitting any event; returns the aggregate. */
  thenNothing(): T {
    return this.#expectEvents([]);
  }

  /**
   * Asserts that the command threw an instance of `errorClass`, optionally with a message that
   * contains `expected` (string), matches it (RegExp), or with these property values (object).
   * Returns the error.
   */
  thenThrows<E extends Error>(
    errorClass: ErrorClass<E>,
    expected?: string | RegExp | Partial<E>,
  ): E {
    const outcome = this.#run();
    if (!outcome.threw) {
      throw new Error(
        `Aggregate scenario: expected ${errorClass.name} but when() did not throw; it emitted ${describeEvents(outcome.events)}.`,
      );
    }
    const { error } = outcome;
    if (!(error instanceof errorClass)) {
      throw new Error(
        `Aggregate scenario: expected ${errorClass.name} but when() threw ${String(error)}.`,
        {
          cause: error,
        },
      );
    }
    if (typeof expected === 'string' && !error.message.includes(expected)) {
      throw new Error(
        `Aggregate scenario: expected the error message to contain "${expected}", got "${error.message}".`,
      );
    }
    if (expected instanceof RegExp && !expected.test(error.message)) {
      throw new Error(
        `Aggregate scenario: expected the error message to match ${String(expected)}, got "${error.message}".`,
      );
    }
    if (typeof expected === 'object' && !(expected instanceof RegExp)) {
      const actual = Object.fromEntries(
        Object.keys(expected).map((key) => [key, error[key as keyof E]]),
      );
      assertEqual(actual, { ...expected }, `${errorClass.name} properties differ from expected`);
    }
    return error;
  }

  #expectEvents(expected: readonly DomainEvent[]): T {
    const outcome = this.#run();
    if (outcome.threw) {
      throw new Error(
        `Aggregate scenario: expected ${describeEvents(expected)} but when() threw ${String(outcome.error)}.`,
        { cause: outcome.error },
      );
    }
    assertEqual(
      outcome.events.map(comparable),
      expected.map(comparable),
      'emitted events differ from expected',
    );
    return outcome.aggregate;
  }
}

function emittedBy(aggregate: object): readonly DomainEvent[] {
  return aggregate instanceof AggregateRoot
    ? aggregate.uncommittedEvents
    : pendingEventsOf(aggregate);
}

function comparable(event: DomainEvent): { type: string; data: unknown } {
  const { type, data } = serializeEvent(event);
  return { type, data };
}

function describeEvents(events: readonly DomainEvent[]): string {
  return events.length === 0 ? 'no events' : JSON.stringify(events.map(comparable));
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  try {
    deepStrictEqual(actual, expected);
  } catch (error) {
    // node:assert renders a "+ actual - expected" diff; keep it, framed for the reader.
    throw new Error(`Aggregate scenario: ${what}.\n${(error as Error).message}`, { cause: error });
  }
}
