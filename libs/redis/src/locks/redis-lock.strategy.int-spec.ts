import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeLockStrategyContract } from '@cqrs-ddd/core/testing';
import { Redis } from 'ioredis';
import { FencedStore } from './fenced-store.fixture.js';
import { lockKeys } from './lock-keys.js';
import { RedisLockStrategy } from './redis-lock.strategy.js';
import { deleteKeys, testRedisUrl, uniqueLockPrefix } from './redis-servers.fixture.js';

describe('RedisLockStrategy (integration)', () => {
  const keyPrefix = uniqueLockPrefix('redis-lock');
  let client: Redis;
  let otherClient: Redis;
  beforeAll(() => {
    client = new Redis(testRedisUrl());
    otherClient = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await deleteKeys(client, keyPrefix);
    client.disconnect();
    otherClient.disconnect();
  });

  // No advanceTime: leases expire on the Redis clock, so the contract runs on real time.
  describeLockStrategyContract('RedisLockStrategy', () => ({
    adapter: new RedisLockStrategy(client, { keyPrefix }),
  }));

  const strategies = () =>
    [client, otherClient].map((each) => new RedisLockStrategy(each, { keyPrefix }));

  it('keeps 20 contenders on two connections mutually exclusive around a Redis counter', async () => {
    const counterKey = `${keyPrefix}counter`;
    let active = 0;
    let maxActive = 0;
    const tokens: number[] = [];
    await Promise.all(
      strategies().flatMap((locks, side) =>
        Array.from({ length: 10 }, () =>
          locks.runExclusive(
            'contended',
            async (lock) => {
              active += 1;
              maxActive = Math.max(maxActive, active);
              tokens.push(lock.token);
              const connection = side === 0 ? client : otherClient;
              const read = Number((await connection.get(counterKey)) ?? 0);
              await new Promise((resolve) => setTimeout(resolve, 2));
              await connection.set(counterKey, read + 1);
              active -= 1;
            },
            { ttlMs: 10_000, waitMs: 20_000 },
          ),
        ),
      ),
    );
    expect(await client.get(counterKey)).toBe('20');
    expect(maxActive).toBe(1);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(20);
  });

  it('fences off a paused holder whose lease expired once the next holder has written', async () => {
    const [a, b] = strategies();
    const store = new FencedStore();
    const paused = await a!.acquire('fenced', { ttlMs: 150 });
    const next = await b!.acquire('fenced', { ttlMs: 10_000, waitMs: 5_000 });
    expect(next.token).toBeGreaterThan(paused.token);
    store.write('from the next holder', next.token);
    expect(() => store.write('from the paused holder', paused.token)).toThrow(/stale/);
    await expect(paused.release()).resolves.toBe(false);
    await expect(paused.extend(10_000)).rejects.toMatchObject({ code: 'LOCK_NOT_HELD' });
    expect(store.writes).toEqual([{ value: 'from the next holder', token: next.token }]);
    await expect(next.release()).resolves.toBe(true);
  });

  it('keeps the lease alive while runExclusive runs past its ttl', async () => {
    const [a, b] = strategies();
    const ttlMs = 300;
    const aborted = await a!.runExclusive(
      'kept-alive',
      async (_lock, signal) => {
        await new Promise((resolve) => setTimeout(resolve, ttlMs * 2.5));
        await expect(b!.tryAcquire('kept-alive', { ttlMs })).resolves.toBeNull();
        return signal.aborted;
      },
      { ttlMs },
    );
    expect(aborted).toBe(false);
    await expect(b!.tryAcquire('kept-alive', { ttlMs })).resolves.not.toBeNull();
  });

  it('aborts the runExclusive signal with LOCK_NOT_HELD when the lease is lost', async () => {
    const [a] = strategies();
    const reason = await a!.runExclusive(
      'lost',
      async (_lock, signal) => {
        await client.del(lockKeys(keyPrefix, 'lost').lock);
        return new Promise<unknown>((resolve) => {
          signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
        });
      },
      { ttlMs: 150 },
    );
    expect(reason).toMatchObject({ code: 'LOCK_NOT_HELD', resource: 'lost' });
  });

  it('stores a resource under its prefix, after the client keyPrefix, in one hash slot', async () => {
    const prefixed = new Redis(testRedisUrl(), { keyPrefix: `${keyPrefix}client:` });
    try {
      const lock = await new RedisLockStrategy(prefixed, { keyPrefix: 'mine:' }).tryAcquire(
        'order-1',
        { ttlMs: 10_000, sessionId: 'owner' },
      );
      expect(await client.hgetall(`${keyPrefix}client:mine:{order-1}:lock`)).toEqual({
        session: 'owner',
        token: String(lock!.token),
        holds: '1',
      });
      expect(await client.get(`${keyPrefix}client:mine:{order-1}:fence`)).toBe(String(lock!.token));
    } finally {
      prefixed.disconnect();
    }
  });

  it('rejects a maxPollIntervalMs below 1 ms', () => {
    expect(() => new RedisLockStrategy(client, { keyPrefix, maxPollIntervalMs: 0 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
