import type { Cache, CacheOptions } from '../../ports/cache.port.js';
import type { ContractSubject } from './contract-subject.js';

/**
 * What `describeCacheContract` needs: a way to build caches over one backend shared by every
 * cache the subject creates (so namespace isolation is observable), plus time controls.
 */
export interface CacheContractSubject extends Omit<ContractSubject<Cache>, 'adapter'> {
  create(options: CacheOptions): Cache | Promise<Cache>;
}

/** State shared by the cache contract's case groups; refreshed before each test. */
export interface CacheContractContext {
  subject: CacheContractSubject;
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
