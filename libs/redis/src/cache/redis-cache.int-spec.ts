import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isValidationError } from '@cqrs-ddd/core';
import {
  deferred,
  describeCacheContract,
  pollUntil,
  thrownBy,
  uniqueName,
} from '@cqrs-ddd/core/testing';
import { Redis } from 'ioredis';
import { RedisCache } from './redis-cache.adapter.js';
import { deleteKeysMatching, keysMatching, testRedisUrl } from './redis-cache.fixture.js';

const prefix = `${uniqueName('redis_cache')}:`;
let client: Redis;
let prefixedClient: Redis;

beforeAll(() => {
  client = new Redis(testRedisUrl());
  prefixedClient = new Redis(testRedisUrl(), { keyPrefix: `${prefix}client:` });
});

afterAll(async () => {
  await deleteKeysMatching(client, `${prefix}*`);
  await Promise.all([client.quit(), prefixedClient.quit()]);
});

describeCacheContract('RedisCache', () => ({
  adapter: (options) => new RedisCache(client, { ...options, keyPrefix: prefix }),
}));

describe('RedisCache on Redis', () => {
  const cache = (options: Partial<ConstructorParameters<typeof RedisCache>[1]> = {}) =>
    new RedisCache(client, {
      namespace: uniqueName('ns'),
      keyScope: () => 'tenant-a',
      keyPrefix: prefix,
      ...options,
    });

  it('calls the loader once for 50 concurrent getOrLoad calls of one key', async () => {
    const orders = cache();
    const gate = deferred<void>();
    let calls = 0;
    const load = () =>
      orders.getOrLoad('order:1', async () => {
        calls += 1;
        await gate.promise;
        return { id: 'order:1', total: 42 };
      });
    const loads = Array.from({ length: 25 }, load);
    await new Promise((resolve) => setImmediate(resolve));
    loads.push(...Array.from({ length: 25 }, load));
    gate.resolve();
    const values = await Promise.all(loads);
    expect(calls).toBe(1);
    expect(new Set(values.map((value) => JSON.stringify(value)))).toEqual(
      new Set([JSON.stringify({ id: 'order:1', total: 42 })]),
    );
    await expect(orders.get('order:1')).resolves.toEqual({ id: 'order:1', total: 42 });
  });

  it('keeps one namespace and scope in one hash slot, entries as hashes with a TTL', async () => {
    const namespace = uniqueName('layout');
    const orders = cache({ namespace });
    await orders.set('o-1', { n: 1 }, { ttlMs: 60_000, tags: ['customer:7'] });
    const entryKey = `${prefix}{${namespace}:tenant-a}:k:o-1`;
    const tagKey = `${prefix}{${namespace}:tenant-a}:t:customer:7`;
    expect((await keysMatching(client, `${prefix}{${namespace}:*`)).sort()).toEqual(
      [entryKey, tagKey].sort(),
    );
    expect(await client.hget(entryKey, 'v')).toBe('{"n":1}');
    expect(await client.smembers(tagKey)).toEqual([entryKey]);
    expect(await client.pttl(entryKey)).toBeGreaterThan(59_000);
    expect(await client.pttl(tagKey)).toBeGreaterThanOrEqual(await client.pttl(entryKey));
  });

  it('lets a tag set expire with its expiring entries, and persist for an entry without TTL', async () => {
    const namespace = uniqueName('tagttl');
    const orders = cache({ namespace });
    const tagKey = `${prefix}{${namespace}:tenant-a}:t:t`;
    await orders.set('a', 1, { ttlMs: 150, tags: ['t'] });
    await orders.set('b', 2, { ttlMs: 100, tags: ['t'] });
    expect(await client.pttl(tagKey)).toBeGreaterThan(100);
    expect(
      await pollUntil(
        () => client.exists(tagKey),
        (n) => n === 0,
        2_000,
      ),
    ).toBe(0);
    await orders.set('c', 3, { ttlMs: 100, tags: ['t'] });
    await orders.set('d', 4, { tags: ['t'] });
    expect(await client.pttl(tagKey)).toBe(-1);
  });

  it('prunes members of expired entries from a long-lived tag set on later writes', async () => {
    const namespace = uniqueName('prune');
    const orders = cache({ namespace, pruneSample: 100 });
    const tagKey = `${prefix}{${namespace}:tenant-a}:t:all`;
    await orders.set('kept', 0, { tags: ['all'] });
    for (let i = 0; i < 20; i += 1) await orders.set(`short-${i}`, i, { ttlMs: 50, tags: ['all'] });
    expect(await client.scard(tagKey)).toBe(21);
    const last = await pollUntil(
      () => orders.get('short-19'),
      (value) => value === undefined,
      2_000,
    );
    expect(last).toBeUndefined();
    await orders.set('fresh', 1, { tags: ['all'] });
    expect(await client.scard(tagKey)).toBe(2);
    await orders.deleteByTag('all');
    await expect(orders.get('kept')).resolves.toBeUndefined();
  });

  it('removes an entry from its old tag sets when it is set again or deleted', async () => {
    const namespace = uniqueName('retag');
    const orders = cache({ namespace });
    const tag = (name: string) => `${prefix}{${namespace}:tenant-a}:t:${name}`;
    await orders.set('k', 1, { tags: ['old', 'kept'] });
    await orders.set('other', 2, { tags: ['kept'] });
    await orders.set('k', 2, { tags: ['new'] });
    expect(await client.exists(tag('old'))).toBe(0);
    expect(await client.scard(tag('kept'))).toBe(1);
    await expect(orders.delete('k')).resolves.toBe(true);
    expect(await client.exists(tag('new'))).toBe(0);
  });

  it('deletes a large tag in batches', async () => {
    const namespace = uniqueName('batch');
    const orders = cache({ namespace, tagDeleteBatch: 7 });
    for (let i = 0; i < 30; i += 1) await orders.set(`k${i}`, i, { tags: ['big'] });
    await orders.set('untagged', 'stays');
    await orders.deleteByTag('big');
    expect(await keysMatching(client, `${prefix}{${namespace}:*`)).toEqual([
      `${prefix}{${namespace}:tenant-a}:k:untagged`,
    ]);
  });

  it('works on a client with its own keyPrefix (tag members are full key names)', async () => {
    const namespace = uniqueName('clientprefix');
    const orders = new RedisCache(prefixedClient, { namespace, keyScope: () => undefined });
    await orders.set('a', 1, { tags: ['t'] });
    await orders.set('b', 2, { tags: ['t'] });
    const stored = await keysMatching(client, `${prefix}client:cache:{${namespace}:%}:*`);
    expect(stored).toHaveLength(3);
    await orders.deleteByTag('t');
    await expect(orders.get('a')).resolves.toBeUndefined();
    expect(await keysMatching(client, `${prefix}client:cache:{${namespace}:*`)).toEqual([]);
  });

  it('refuses invalid adapter options with VALIDATION_FAILED', () => {
    for (const options of [{ keyPrefix: 'a{b' }, { pruneSample: -1 }, { tagDeleteBatch: 0 }]) {
      expect(isValidationError(thrownBy(() => cache(options)))).toBe(true);
    }
  });
});
