import type { Cache, CacheOptions } from '../../ports/cache.port.js';
import type { ContractSubject } from './contract-subject.js';

/**
 * What `describeCacheContract` needs per test: `adapter` builds a cache with the given options;
 * every cache it builds shares one backend, so namespace isolation is observable. The suite
 * gives each test its own namespace.
 */
export type CacheContractSubject = ContractSubject<
  (options: CacheOptions) => Cache | Promise<Cache>
>;

/** State shared by the cache contract's case groups; refreshed before each test. */
export interface CacheContractContext {
  /** The running test's subject. */
  readonly subject: CacheContractSubject;
  /** Unique per test, so real backends need no cleanup between tests. */
  namespace: string;
  /** A cache over `namespace` without scoping. */
  cache: Cache;
  /** Builds another cache on the same backend (`namespace` unless overridden). */
  create(options?: Partial<CacheOptions>): Promise<Cache>;
  /** A short TTL for expiry tests. */
  ttl: number;
  /** A margin that keeps real-time checks clear of scheduling jitter. */
  slack: number;
  /** Current scope returned by `keyScope` of caches created with `() => ctx.scope`. */
  scope: string | undefined;
}
