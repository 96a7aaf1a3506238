/** A minimal event-sourced aggregate for the load benchmarks. */
import { AggregateRoot, DomainEvent, type EventHandlerBinding } from '@cqrs-ddd/core';

/** The counter went up by `by`. */
export class CounterIncremented extends DomainEvent {
  static readonly type = 'counter.incremented';
  static readonly version = 1;

  constructor(readonly by: number) {
    super();
  }
}

/** Sums its increments; snapshots its total. */
export class Counter extends AggregateRoot<string, { total: number }> {
  total = 0;

  protected override handles(): readonly EventHandlerBinding[] {
    return [
      this.on(CounterIncremented, (event) => {
        this.total += event.by;
      }),
    ];
  }

  protected override toSnapshot(): { total: number } {
    return { total: this.total };
  }

  protected override restoreSnapshot(state: { total: number }): void {
    this.total = state.total;
  }
}
