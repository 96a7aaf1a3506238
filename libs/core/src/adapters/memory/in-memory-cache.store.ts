/** One stored cache entry. */
interface StoredEntry {
  readonly payload: string;
  /** Epoch ms; absent for no expiry. */
  readonly expiresAt?: number;
  readonly tags: readonly string[];
}

/**
 * Backend of {@link InMemoryCache}: entries by storage key plus a tag index, bounded to
 * `maxEntries` by evicting the least recently used entry. Share one store between caches to
 * model caches of several namespaces on one server. Expired entries are dropped when touched
 * or evicted.
 */
export class InMemoryCacheStore {
  private readonly entries = new Map<string, StoredEntry>();
  private readonly tagIndex = new Map<string, Set<string>>();

  /** @param maxEntries largest number of entries kept. @default 10_000 */
  constructor(private readonly maxEntries = 10_000) {}

  /** Number of entries held, expired ones included until they are touched. */
  get size(): number {
    return this.entries.size;
  }

  /** The payload of a live entry (refreshing its recency), or `undefined`. */
  read(storageKey: string, now: number): string | undefined {
    const entry = this.live(storageKey, now);
    if (!entry) return undefined;
    this.entries.delete(storageKey);
    this.entries.set(storageKey, entry);
    return entry.payload;
  }

  /** Stores an entry, replacing the previous one and its tag memberships. */
  write(storageKey: string, entry: StoredEntry): void {
    this.remove(storageKey);
    this.entries.set(storageKey, entry);
    for (const tag of entry.tags) {
      const keys = this.tagIndex.get(tag) ?? new Set<string>();
      keys.add(storageKey);
      this.tagIndex.set(tag, keys);
    }
    while (this.entries.size > this.maxEntries) {
      this.remove(this.entries.keys().next().value as string);
    }
  }

  /** Removes an entry; returns whether it was live. */
  delete(storageKey: string, now: number): boolean {
    const wasLive = this.live(storageKey, now) !== undefined;
    this.remove(storageKey);
    return wasLive;
  }

  /** Removes every entry carrying `tag`. */
  deleteTagged(tag: string): void {
    for (const storageKey of [...(this.tagIndex.get(tag) ?? [])]) this.remove(storageKey);
  }

  private live(storageKey: string, now: number): StoredEntry | undefined {
    const entry = this.entries.get(storageKey);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now) {
      this.remove(storageKey);
      return undefined;
    }
    return entry;
  }

  private remove(storageKey: string): void {
    const entry = this.entries.get(storageKey);
    if (!entry) return;
    this.entries.delete(storageKey);
    for (const tag of entry.tags) {
      const keys = this.tagIndex.get(tag);
      keys?.delete(storageKey);
      if (keys?.size === 0) this.tagIndex.delete(tag);
    }
  }
}
