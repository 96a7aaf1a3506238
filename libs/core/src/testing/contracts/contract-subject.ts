/**
 * What a contract-suite factory returns: the adapter under test plus optional controls.
 * Every `describe<Port>Contract(name, factory)` calls the factory before each test, so each
 * test gets a fresh, isolated adapter (a new prefix, schema or bucket for real backends).
 */
export interface ContractSubject<TAdapter> {
  /** The adapter under test. */
  readonly adapter: TAdapter;
  /**
   * Moves the adapter's clock forward by `ms`. Provide it when the adapter reads time from an
   * injected `Clock` (use a fake clock). Leave it out for adapters whose backend keeps time
   * itself (Redis TTLs, database `now()`): time-based tests then wait in real time, using
   * short, bounded durations.
   */
  advanceTime?(ms: number): void | Promise<void>;
  /** Releases what the factory created (connections, temp schemas); called after each test. */
  dispose?(): void | Promise<void>;
}

/** Builds a fresh {@link ContractSubject} (or a richer subject type) for one test. */
export type ContractFactory<TSubject> = () => TSubject | Promise<TSubject>;
