/**
 * What a contract suite gets for one test: the adapter under test plus optional controls.
 *
 * Every `describe<Port>Contract(name, factory)` takes the same kind of factory, a
 * {@link ContractFactory}: the suite calls it before each test and calls the subject's `dispose`
 * after that test.
 *
 * ```ts
 * describeEventStoreContract('postgres', async () => {
 *   const pool = await poolOnFreshSchema();
 *   return { adapter: new PostgresEventStore(pool), dispose: () => pool.end() };
 * });
 * ```
 *
 * - Each call returns a fresh, empty adapter, isolated from the other tests (a new schema,
 *   database, bucket or key prefix on a real backend).
 * - `adapter` is the port implementation under test. A suite that needs several instances over
 *   one backend in a single test (caches of different namespaces, flag providers with different
 *   definitions) takes a function that builds them instead, and its subject type says so.
 * - A suite that needs more from the test set-up adds typed members to its own subject type
 *   (e.g. `MessagePublisherContractSubject.readBack`,
 *   `IdentityProviderContractSubject.issueBearerToken`). When such a member is optional and
 *   left out, the suite runs weaker checks or leaves out the step that needs it.
 * - Facts about the adapter that decide which tests exist (the credential kinds it supports,
 *   whether its ids sort) are the same for every test: they go in the suite's optional third
 *   `options` argument, not in the subject.
 */
export interface ContractSubject<TAdapter> {
  /** The adapter under test (or, where the suite's subject type says so, a builder of them). */
  readonly adapter: TAdapter;
  /**
   * Moves the adapter's clock forward by `ms`. Provide it when the adapter reads time from an
   * injected `Clock` (use a `FakeClock`). Leave it out for adapters whose backend keeps time
   * itself (Redis TTLs, database `now()`): suites with time-based rules then wait in real time,
   * for short, bounded durations.
   * @default undefined (real time)
   */
  advanceTime?(ms: number): void | Promise<void>;
  /**
   * Releases what the factory acquired (connections, pools, temporary schemas); called after
   * each test.
   * @default undefined (nothing to release)
   */
  dispose?(): void | Promise<void>;
}

/** Builds a fresh {@link ContractSubject} (or a suite's richer subject type) for one test. */
export type ContractFactory<TSubject extends ContractSubject<unknown>> = () =>
  TSubject | Promise<TSubject>;
