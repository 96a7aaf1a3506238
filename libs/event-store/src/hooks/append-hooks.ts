import type { StoredEvent } from '@cqrs-ddd/core';

/**
 * Work that must commit atomically with an append: called with the appended events (positions
 * assigned) inside the append's transaction; throwing rolls the append back.
 */
export type AppendHook = (events: readonly StoredEvent[]) => Promise<void>;

/**
 * Hooks run inside every append transaction of the event store (`EventStoreModule` provides one
 * instance and wires it into its store). Inline projections register here, so a read model
 * changes in the very transaction that records its events. Keep hooks short: they hold the
 * append's row locks while they run.
 */
export class AppendHooks {
  readonly #hooks = new Set<AppendHook>();

  /** Adds `hook`; returns the function that removes it. */
  register(hook: AppendHook): () => void {
    const entry: AppendHook = (events) => hook(events);
    this.#hooks.add(entry);
    return () => {
      this.#hooks.delete(entry);
    };
  }

  /** Whether any hook is registered (appends skip the extra transaction otherwise). */
  get isEmpty(): boolean {
    return this.#hooks.size === 0;
  }

  /** Runs every hook in registration order, stopping at the first failure. */
  async run(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const hook of [...this.#hooks]) await hook(events);
  }
}
