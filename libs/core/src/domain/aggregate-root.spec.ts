import { describe, expect, it } from '@jest/globals';
import { isInvalidEventClassError } from '../errors/invalid-event-class.error.js';
import {
  MissingEventHandlerError,
  isMissingEventHandlerError,
} from '../errors/missing-event-handler.error.js';
import { AggregateRoot, AggregateSnapshot, EventHandlerBinding } from './aggregate-root.js';
import { DomainEvent } from './domain-event.js';

class CounterOpened extends DomainEvent {
  static readonly type = 'counter.opened';
  constructor(readonly label: string) {
    super();
  }
}

class Incremented extends DomainEvent {
  static readonly type = 'counter.incremented';
  constructor(readonly by: number) {
    super();
  }
}

class Reset extends DomainEvent {
  static readonly type = 'counter.reset';
}

class Untyped extends DomainEvent {}

interface CounterState {
  label: string;
  total: number;
  history: number[];
}

/** Convention style: on<EventClassName> methods. */
class Counter extends AggregateRoot<string, CounterState> {
  label = '';
  total = 0;
  history: number[] = [];

  open(label: string): void {
    this.apply(new CounterOpened(label));
  }

  increment(by: number): void {
    this.apply(new Incremented(by));
  }

  reset(): void {
    this.apply(new Reset());
  }

  emit(event: DomainEvent): void {
    this.apply(event);
  }

  protected onCounterOpened(event: CounterOpened): void {
    this.label = event.label;
  }

  protected onIncremented(event: Incremented): void {
    this.total += event.by;
    this.history.push(event.by);
  }

  protected override toSnapshot(): CounterState {
    return { label: this.label, total: this.total, history: this.history };
  }

  protected override restoreSnapshot(state: CounterState): void {
    this.label = state.label;
    this.total = state.total;
    this.history = state.history;
  }
}

/** Explicit style: typed bindings; they win over a same-named convention method. */
class Tally extends AggregateRoot {
  total = 0;
  conventionCalls = 0;

  increment(by: number): void {
    this.apply(new Incremented(by));
  }

  reset(): void {
    this.apply(new Reset());
  }

  protected override handles(): readonly EventHandlerBinding[] {
    return [
      this.on(Incremented, (event) => {
        this.total += event.by;
      }),
      this.on(Reset, () => {
        this.total = 0;
      }),
    ];
  }

  protected onIncremented(): void {
    this.conventionCalls += 1;
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('AggregateRoot', () => {
  it('starts at version 0 with its id and no events', () => {
    const counter = new Counter('c-1');
    expect(counter.id).toBe('c-1');
    expect(counter.version).toBe(0);
    expect(counter.committedVersion).toBe(0);
    expect(counter.uncommittedEvents).toEqual([]);
  });

  it('dispatches to on<EventClassName> methods and records the events', () => {
    const counter = new Counter('c-1');
    const opened = new CounterOpened('visits');
    counter.emit(opened);
    counter.increment(2);
    expect(counter.label).toBe('visits');
    expect(counter.total).toBe(2);
    expect(counter.uncommittedEvents[0]).toBe(opened);
    expect(counter.uncommittedEvents.map((e) => e.constructor)).toEqual([
      CounterOpened,
      Incremented,
    ]);
  });

  it('dispatches to handles() bindings before convention methods', () => {
    const tally = new Tally('t-1');
    tally.increment(5);
    tally.increment(2);
    expect(tally.total).toBe(7);
    tally.reset();
    expect(tally.total).toBe(0);
    expect(tally.conventionCalls).toBe(0);
    expect(tally.version).toBe(3);
  });

  it('throws a typed error for an event without handler and records nothing', () => {
    const counter = new Counter('c-1');
    const error = thrown(() => counter.reset());
    expect(isMissingEventHandlerError(error)).toBe(true);
    expect(error).toBeInstanceOf(MissingEventHandlerError);
    expect(error).toMatchObject({
      aggregateName: 'Counter',
      eventType: 'counter.reset',
      eventClassName: 'Reset',
    });
    expect((error as Error).message).toContain('onReset');
    expect(counter.version).toBe(0);
    expect(counter.uncommittedEvents).toEqual([]);
    expect(
      isMissingEventHandlerError(thrown(() => new Counter('c-2').loadFromHistory([new Reset()]))),
    ).toBe(true);
  });

  it('refuses events without a stable type', () => {
    expect(isInvalidEventClassError(thrown(() => new Counter('c-1').emit(new Untyped())))).toBe(
      true,
    );
  });

  it('rejects a handles() list that binds one type twice', () => {
    class Twice extends AggregateRoot {
      go(): void {
        this.apply(new Reset());
      }
      protected override handles(): readonly EventHandlerBinding[] {
        return [this.on(Reset, () => undefined), this.on(Reset, () => undefined)];
      }
    }
    expect(() => new Twice('x').go()).toThrow('binds event "counter.reset" twice');
  });

  it('counts history and new events in the version', () => {
    const counter = new Counter('c-1').loadFromHistory([
      new CounterOpened('visits'),
      new Incremented(1),
      new Incremented(2),
    ]);
    expect(counter.version).toBe(3);
    expect(counter.uncommittedEvents).toEqual([]);
    counter.increment(3);
    counter.increment(4);
    expect(counter.version).toBe(5);
    expect(counter.committedVersion).toBe(3);
    expect(counter.uncommittedEvents).toHaveLength(2);
    expect(counter.total).toBe(10);

    counter.markCommitted();
    expect(counter.version).toBe(5);
    expect(counter.committedVersion).toBe(5);
    expect(counter.uncommittedEvents).toEqual([]);
  });

  it('exposes uncommitted events as a read-only copy', () => {
    const counter = new Counter('c-1');
    counter.increment(1);
    const view = counter.uncommittedEvents as DomainEvent[];
    expect(() => view.push(new Incremented(2))).toThrow(TypeError);
    expect(counter.uncommittedEvents).toHaveLength(1);
  });

  it('refuses to load history once new events were applied', () => {
    const counter = new Counter('c-1');
    counter.increment(1);
    expect(() => counter.loadFromHistory([new Incremented(1)])).toThrow('uncommitted events');
  });

  it('round-trips through a snapshot plus subsequent events', () => {
    const original = new Counter('c-1').loadFromHistory([
      new CounterOpened('visits'),
      new Incremented(2),
    ]);
    original.increment(3);
    const snapshot = original.takeSnapshot();
    expect(snapshot).toEqual({ version: 3, state: { label: 'visits', total: 5, history: [2, 3] } });

    original.increment(100);
    expect(snapshot.state.history).toEqual([2, 3]);

    const restored = new Counter('c-1').loadFromSnapshot(snapshot, [new Incremented(4)]);
    expect(restored.version).toBe(4);
    expect(restored.committedVersion).toBe(4);
    expect(restored.uncommittedEvents).toEqual([]);
    expect(restored.total).toBe(9);
    expect(restored.history).toEqual([2, 3, 4]);
    expect(snapshot.state.history).toEqual([2, 3]);
  });

  it('only loads snapshots into fresh aggregates with valid versions', () => {
    const snapshot: AggregateSnapshot<CounterState> = {
      version: 1,
      state: { label: 'x', total: 0, history: [] },
    };
    const used = new Counter('c-1').loadFromHistory([new CounterOpened('x')]);
    expect(() => used.loadFromSnapshot(snapshot)).toThrow('not fresh');
    expect(() => new Counter('c-1').loadFromSnapshot({ ...snapshot, version: -1 })).toThrow(
      RangeError,
    );
  });

  it('says so when an aggregate does not implement snapshots', () => {
    expect(() => new Tally('t-1').takeSnapshot()).toThrow('Tally does not support snapshots');
    expect(() => new Tally('t-1').loadFromSnapshot({ version: 1, state: {} })).toThrow(
      'override toSnapshot() and restoreSnapshot()',
    );
  });

  it('has entity identity', () => {
    expect(
      new Counter('c-1').equals(new Counter('c-1').loadFromHistory([new Incremented(1)])),
    ).toBe(true);
    expect(new Counter('c-1').equals(new Counter('c-2'))).toBe(false);
    expect(new Counter('c-1').equals(new Tally('c-1'))).toBe(false);
  });
});
