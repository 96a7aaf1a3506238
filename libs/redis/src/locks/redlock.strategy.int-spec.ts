import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeLockStrategyContract } from '@cqrs-ddd/core/testing';
import { Redis } from 'ioredis';
import { FencedStore } from './fenced-store.fixture.js';
import { lockKeys } from './lock-keys.js';
import { RedlockStrategy } from './redlock.strategy.js';
import { type RedisServers, startRedisServers, uniqueLockPrefix } from './redis-servers.fixture.js';

// Three independent redis-server processes, started and killed by this file.
describe('RedlockStrategy (integration, 3 local redis-server processes)', () => {
  const keyPrefix = uniqueLockPrefix('redlock');
  let servers: RedisServers;
  let otherClients: Redis[];
  beforeAll(async () => {
    servers = await startRedisServers(3);
    otherClients = servers.ports.map((port) => new Redis({ port, host: '127.0.0.1' }));
  });
  afterAll(async () => {
    for (const client of otherClients) client.disconnect();
    await servers.stop();
  });

  describeLockStrategyContract('RedlockStrategy', () => ({
    adapter: new RedlockStrategy(servers.clients, { keyPrefix }),
  }));

  const strategies = () =>
    [servers.clients, otherClients].map((clients) => new RedlockStrategy(clients, { keyPrefix }));

  it('keeps 20 contenders on two sets of connections mutually exclusive', async () => {
    let counter = 0;
    let active = 0;
    let maxActive = 0;
    const tokens: number[] = [];
    await Promise.all(
      strategies().flatMap((locks) =>
        Array.from({ length: 10 }, () =>
          locks.runExclusive(
            'contended',
            async (lock) => {
              active += 1;
              maxActive = Math.max(maxActive, active);
              tokens.push(lock.token);
              const read = counter;
              await new Promise((resolve) => setTimeout(resolve, 2));
              counter = read + 1;
              active -= 1;
            },
            { ttlMs: 10_000, waitMs: 25_000 },
          ),
        ),
      ),
    );
    expect(counter).toBe(20);
    expect(maxActive).toBe(1);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(20);
  });

  it('fences off a paused holder whose lease expired once the next holder has written', async () => {
    const [a, b] = strategies();
    const store = new FencedStore();
    const paused = await a!.acquire('fenced', { ttlMs: 150 });
    const next = await b!.acquire('fenced', { ttlMs: 10_000, waitMs: 5_000 });
    store.write('from the next holder', next.token);
    expect(() => store.write('from the paused holder', paused.token)).toThrow(/stale/);
    await expect(paused.release()).resolves.toBe(false);
    expect(store.writes).toHaveLength(1);
  });

  it('draws the token above the highest counter of the locked majority and raises the others', async () => {
    const keys = lockKeys(keyPrefix, 'counters');
    await servers.clients[1]!.set(keys.fence, 41);
    const lock = await strategies()[0]!.tryAcquire('counters', { ttlMs: 10_000 });
    expect(lock!.token).toBe(42);
    const fences = await Promise.all(servers.clients.map((client) => client.get(keys.fence)));
    expect(fences).toEqual(['42', '42', '42']);
  });

  it('undoes a partial acquisition when a majority is held by someone else', async () => {
    const keys = lockKeys(keyPrefix, 'partial');
    for (const client of servers.clients.slice(0, 2)) {
      await client.hset(keys.lock, { session: 'intruder', token: 7, holds: 1 });
      await client.pexpire(keys.lock, 10_000);
    }
    await expect(strategies()[0]!.tryAcquire('partial', { ttlMs: 10_000 })).resolves.toBeNull();
    await expect(servers.clients[2]!.exists(keys.lock)).resolves.toBe(0);
  });
});

describe('RedlockStrategy with nodes going down (integration)', () => {
  const keyPrefix = uniqueLockPrefix('redlock-down');
  let servers: RedisServers;
  beforeAll(async () => {
    servers = await startRedisServers(3);
  });
  afterAll(async () => {
    await servers.stop();
  });

  it('still locks with one of three nodes down, and times out with two down', async () => {
    const locks = new RedlockStrategy(servers.clients, { keyPrefix, nodeTimeoutMs: 100 });
    const before = await locks.acquire('survivor', { ttlMs: 10_000 });
    await before.release();

    await servers.kill(0);
    const during = await locks.acquire('survivor', { ttlMs: 10_000, waitMs: 2_000 });
    expect(during.token).toBeGreaterThan(before.token);
    await expect(locks.tryAcquire('survivor', { ttlMs: 10_000 })).resolves.toBeNull();
    await during.extend(10_000);
    await expect(during.release()).resolves.toBe(true);
    await expect(
      locks.runExclusive('survivor', (lock) => lock.token, { ttlMs: 10_000 }),
    ).resolves.toBeGreaterThan(during.token);

    await servers.kill(1);
    await expect(locks.acquire('survivor', { ttlMs: 10_000, waitMs: 300 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
      resource: 'survivor',
    });
  });
});
