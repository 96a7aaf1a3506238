/** Options of the OPA-compatible {@link HttpPolicyDecisionPoint}. */
export interface HttpPolicyDecisionPointOptions {
  /**
   * Decision endpoint receiving `POST { input }`, e.g. `http://opa:8181/v1/data/cqrs/allow`.
   * Must be `http:` or `https:`.
   */
  readonly url: string;
  /**
   * Longest wait for an answer; a slower PDP counts as a denial (fail closed).
   * @default 250
   */
  readonly timeoutMs?: number;
  /**
   * How long a definitive answer (a well-formed allow or deny) is reused for the same input
   * (`environment.now` and `environment.correlationId` are not part of the key). `0` disables
   * the cache. Failures are never cached.
   * @default 5000
   */
  readonly cacheTtlMs?: number;
  /**
   * Most answers kept in the cache (least recently used are dropped).
   * @default 10000
   */
  readonly cacheMaxEntries?: number;
  /**
   * Extra request headers (e.g. `{ authorization: 'Bearer …' }` for a protected OPA); never
   * logged nor put into reasons.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
}
