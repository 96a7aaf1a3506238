import { Cache, type CacheEntryWrite, type CacheOptions } from '../../ports/cache.port.js';
import { Clock } from '../../ports/clock.port.js';
import { SystemClock } from '../system-clock.adapter.js';
import { InMemoryCacheStore } from './in-memory-cache.store.js';

/** Options of {@link InMemoryCache}. */
export interface InMemoryCacheOptions extends CacheOptions {
  /** Time source for TTLs. @default new SystemClock() */
  readonly clock?: Clock;
  /**
   * Backend holding the entries; pass one store to several caches to share it.
   * @default a new InMemoryCacheStore() of its own (10 000 entries, LRU eviction)
   */
  readonly store?: InMemoryCacheStore;
}

/** {@link Cache} held in process memory (tests, embedded mode); all semantics come from `Cache`. */
export class InMemoryCache extends Cache {
  private readonly clock: Clock;
  private readonly store: InMemoryCacheStore;

  constructor(options: InMemoryCacheOptions) {
    super(options);
    this.clock = options.clock ?? new SystemClock();
    this.store = options.store ?? new InMemoryCacheStore();
  }

  protected async readEntry(storageKey: string): Promise<string | undefined> {
    return this.store.read(storageKey, this.now());
  }

  protected async writeEntry(storageKey: string, entry: CacheEntryWrite): Promise<void> {
    const { payload, ttlMs, tags } = entry;
    this.store.write(
      storageKey,
      ttlMs === undefined ? { payload, tags } : { payload, tags, expiresAt: this.now() + ttlMs },
    );
  }

  protected async removeEntry(storageKey: string): Promise<boolean> {
    return this.store.delete(storageKey, this.now());
  }

  protected async removeTagged(storageTag: string): Promise<void> {
    this.store.deleteTagged(storageTag);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
