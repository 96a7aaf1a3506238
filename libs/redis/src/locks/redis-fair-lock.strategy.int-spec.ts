import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeLockStrategyContract, pollUntil } from '@cqrs-ddd/core/testing';
import type { Lock } from '@cqrs-ddd/core';
import { Redis } from 'ioredis';
import { FencedStore } from './fenced-store.fixture.js';
import { lockKeys } from './lock-keys.js';
import { RedisFairLockStrategy } from './redis-fair-lock.strategy.js';
import { deleteKeys, testRedisUrl, uniqueLockPrefix } from './redis-servers.fixture.js';

describe('RedisFairLockStrategy (integration)', () => {
  const keyPrefix = uniqueLockPrefix('fair-lock');
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

  describeLockStrategyContract('RedisFairLockStrategy', () => ({
    adapter: new RedisFairLockStrategy(client, { keyPrefix }),
  }));

  const strategies = () =>
    [client, otherClient].map((each) => new RedisFairLockStrategy(each, { keyPrefix }));
  const queued = (resource: string) => client.zcard(lockKeys(keyPrefix, resource).queue);

  it('hands the lock to 10 waiters on two connections in their arrival order', async () => {
    const [a, b] = strategies();
    const holder = await a!.acquire('fifo', { ttlMs: 10_000 });
    const order: number[] = [];
    const waiting: Promise<void>[] = [];
    for (let index = 0; index < 10; index += 1) {
      const locks = index % 2 === 0 ? a! : b!;
      waiting.push(
        locks.runExclusive(
          'fifo',
          async () => {
            order.push(index);
            await new Promise((resolve) => setTimeout(resolve, 2));
          },
          { ttlMs: 10_000, waitMs: 20_000 },
        ),
      );
      await expect(
        pollUntil(
          () => queued('fifo'),
          (size) => size === index + 1,
        ),
      ).resolves.toBe(index + 1);
    }
    await holder.release();
    await Promise.all(waiting);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await expect(queued('fifo')).resolves.toBe(0);
  });

  it('does not let tryAcquire take a free lock ahead of queued waiters', async () => {
    const [a, b] = strategies();
    const holder = await a!.acquire('no-barging', { ttlMs: 150 });
    const waiter = b!.acquire('no-barging', { ttlMs: 10_000, waitMs: 10_000, sessionId: 'waiter' });
    await pollUntil(
      () => queued('no-barging'),
      (size) => size === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(a!.tryAcquire('no-barging', { ttlMs: 10_000 })).resolves.toBeNull();
    const lock = await waiter;
    expect(lock.sessionId).toBe('waiter');
    expect(lock.token).toBeGreaterThan(holder.token);
  });

  it('drops a waiter that stopped polling, so it does not block the line', async () => {
    const locks = new RedisFairLockStrategy(client, {
      keyPrefix,
      maxPollIntervalMs: 50,
      waiterTimeoutMs: 300,
    });
    const keys = lockKeys(keyPrefix, 'dead-waiter');
    const [seconds, micros] = await client.time();
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await client.zadd(keys.queue, 0, 'dead-ticket');
    await client.zadd(keys.alive, redisNow + 500, 'dead-ticket');
    await expect(locks.tryAcquire('dead-waiter', { ttlMs: 10_000 })).resolves.toBeNull();
    const started = Date.now();
    const lock = await locks.acquire('dead-waiter', { ttlMs: 10_000, waitMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(lock.token).toBeGreaterThan(0);
    await expect(client.zscore(keys.queue, 'dead-ticket')).resolves.toBeNull();
  });

  it('leaves the line when the wait times out', async () => {
    const [a, b] = strategies();
    await a!.acquire('gives-up', { ttlMs: 10_000 });
    await expect(b!.acquire('gives-up', { ttlMs: 10_000, waitMs: 100 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
    await expect(queued('gives-up')).resolves.toBe(0);
  });

  it('fences off a paused holder whose lease expired once the next holder has written', async () => {
    const [a, b] = strategies();
    const store = new FencedStore();
    const paused: Lock = await a!.acquire('fenced', { ttlMs: 150 });
    const next = await b!.acquire('fenced', { ttlMs: 10_000, waitMs: 5_000 });
    store.write('from the next holder', next.token);
    expect(() => store.write('from the paused holder', paused.token)).toThrow(/stale/);
    await expect(paused.release()).resolves.toBe(false);
  });

  it('rejects a waiterTimeoutMs shorter than two poll intervals', () => {
    expect(
      () => new RedisFairLockStrategy(client, { maxPollIntervalMs: 100, waiterTimeoutMs: 150 }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
