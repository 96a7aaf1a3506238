import { describe, expect, it } from '@jest/globals';
import { describeCacheContract } from '../../testing/contracts/cache.contract.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryCache } from './in-memory-cache.adapter.js';
import { InMemoryCacheStore } from './in-memory-cache.store.js';

describeCacheContract('InMemoryCache', () => {
  const clock = new FakeClock();
  const store = new InMemoryCacheStore();
  return {
    adapter: (options) => new InMemoryCache({ ...options, clock, store }),
    advanceTime: (ms) => clock.advance(ms),
  };
});

describe('InMemoryCache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = new InMemoryCacheStore(2);
    const cache = new InMemoryCache({ namespace: 'n', store, clock: new FakeClock() });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    expect(store.size).toBe(2);
    await expect(cache.get('b')).resolves.toBeUndefined();
    await expect(cache.get('a')).resolves.toBe(1);
    await expect(cache.get('c')).resolves.toBe(3);
  });

  it('drops expired entries and their tag memberships when touched', async () => {
    const clock = new FakeClock();
    const store = new InMemoryCacheStore();
    const cache = new InMemoryCache({ namespace: 'n', store, clock });
    await cache.set('k', 1, { ttlMs: 10, tags: ['t'] });
    clock.advance(10);
    await expect(cache.get('k')).resolves.toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('uses the system clock by default', async () => {
    const cache = new InMemoryCache({ namespace: 'n' });
    await cache.set('k', 'v', { ttlMs: 60_000 });
    await expect(cache.get('k')).resolves.toBe('v');
  });
});
