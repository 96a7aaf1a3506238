import { Cache, type CacheEntryWrite, type CacheOptions, ValidationError } from '@cqrs-ddd/core';
import { REMOVE_ENTRY, REMOVE_TAGGED_BATCH, WRITE_ENTRY } from './redis-cache.scripts.js';
import type { RedisClient } from '../module/redis-client.factory.js';

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions extends CacheOptions {
  /**
   * Prefix of every Redis key of the cache, before the `{namespace:scope}` hash tag (and after
   * the client's own `keyPrefix`, if any). Must not contain `{`.
   * @default 'cache:'
   */
  readonly keyPrefix?: string;
  /**
   * Dead members (entries expired by TTL) removed from a tag set per write of an entry
   * carrying that tag: keeps tag sets of expiring entries from growing forever.
   * @default 3
   */
  readonly pruneSample?: number;
  /**
   * Entries deleted per script call by `deleteByTag` (it repeats until the tag is empty).
   * @default 500
   */
  readonly tagDeleteBatch?: number;
}

/**
 * {@link Cache} on Redis (standalone, Sentinel or Cluster through ioredis); every semantic
 * rule (JSON round-trip, size limit, scoping, single-flight per instance) comes from `Cache`.
 *
 * Storage: each entry is a hash (`v` = JSON, `t` = its tag sets) with a `PEXPIRE` TTL; each
 * tag is a set of entry keys that lives at least as long as its entries. Writes, deletes and
 * tag deletes are Lua scripts, so an entry and its tag memberships change atomically. Keys are
 * `<keyPrefix>{<namespace>:<scope>}:k:<key>` and `...:t:<tag>`: the hash tag puts all keys of
 * one namespace and scope (tenant) in one Cluster slot, which multi-key scripts need.
 *
 * Single-flight is per `RedisCache` instance: concurrent `getOrLoad` calls of one process
 * share a load, while other processes may load the same key once each.
 */
export class RedisCache extends Cache {
  private readonly keyPrefix: string;
  private readonly pruneSample: number;
  private readonly tagDeleteBatch: number;

  constructor(
    private readonly client: RedisClient,
    options: RedisCacheOptions,
  ) {
    super(options);
    const { keyPrefix = 'cache:', pruneSample = 3, tagDeleteBatch = 500 } = options;
    if (keyPrefix.includes('{')) {
      throw ValidationError.of('keyPrefix', 'must not contain "{" (Cluster hash tags)', 'pattern');
    }
    if (!Number.isSafeInteger(pruneSample) || pruneSample < 0) {
      throw ValidationError.of('pruneSample', 'must be a non-negative integer', 'isPositive');
    }
    if (!Number.isSafeInteger(tagDeleteBatch) || tagDeleteBatch < 1) {
      throw ValidationError.of('tagDeleteBatch', 'must be a positive integer', 'isPositive');
    }
    this.keyPrefix = keyPrefix;
    this.pruneSample = pruneSample;
    this.tagDeleteBatch = tagDeleteBatch;
  }

  protected async readEntry(storageKey: string): Promise<string | undefined> {
    return (await this.client.hget(this.redisKey(storageKey), 'v')) ?? undefined;
  }

  protected async writeEntry(storageKey: string, entry: CacheEntryWrite): Promise<void> {
    const keys = [storageKey, ...entry.tags].map((key) => this.redisKey(key));
    await WRITE_ENTRY.run(this.client, keys, [entry.payload, entry.ttlMs ?? '', this.pruneSample]);
  }

  protected async removeEntry(storageKey: string): Promise<boolean> {
    return (await REMOVE_ENTRY.run(this.client, [this.redisKey(storageKey)], [])) === 1;
  }

  protected async removeTagged(storageTag: string): Promise<void> {
    const tagKey = this.redisKey(storageTag);
    let popped: number;
    do {
      popped = Number(await REMOVE_TAGGED_BATCH.run(this.client, [tagKey], [this.tagDeleteBatch]));
    } while (popped >= this.tagDeleteBatch);
  }

  /**
   * `Cache` storage keys are `<namespace>:<scope>:<kind>:<name>` with namespace and scope free
   * of `:` (URI-encoded); the first two parts become the Cluster hash tag.
   */
  private redisKey(storageKey: string): string {
    const second = storageKey.indexOf(':', storageKey.indexOf(':') + 1);
    return `${this.keyPrefix}{${storageKey.slice(0, second)}}${storageKey.slice(second)}`;
  }
}
