import { describe, expect, it } from '@jest/globals';
import { describeLockStrategyContract } from '../../testing/contracts/lock-strategy.contract.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryLockStrategy } from './in-memory-lock-strategy.adapter.js';

describeLockStrategyContract('InMemoryLockStrategy', () => {
  const clock = new FakeClock();
  return {
    adapter: new InMemoryLockStrategy({ clock, pollIntervalMs: 1 }),
    advanceTime: (ms) => clock.advance(ms),
  };
});

describe('InMemoryLockStrategy', () => {
  it('computes expiries from the injected clock', async () => {
    const clock = new FakeClock('2026-03-01T00:00:00.000Z');
    const locks = new InMemoryLockStrategy({ clock });
    const lock = await locks.tryAcquire('r', { ttlMs: 5_000 });
    expect(lock?.expiresAt.toISOString()).toBe('2026-03-01T00:00:05.000Z');
  });

  it('hands a released lock to waiters one at a time, in arrival order', async () => {
    const locks = new InMemoryLockStrategy({ clock: new FakeClock() });
    const first = await locks.tryAcquire('r', { ttlMs: 1_000 });
    const order: string[] = [];
    const waiters = ['w1', 'w2', 'w3'].map(async (sessionId) => {
      const lock = await locks.acquire('r', { ttlMs: 1_000, waitMs: 60_000, sessionId });
      order.push(sessionId);
      await lock.release();
    });
    await first!.release();
    await Promise.all(waiters);
    expect(order).toEqual(['w1', 'w2', 'w3']);
  });

  it('wakes a waiter on release without waiting for the next poll', async () => {
    const locks = new InMemoryLockStrategy({ clock: new FakeClock(), pollIntervalMs: 60_000 });
    const held = await locks.tryAcquire('r', { ttlMs: 1_000 });
    const waiting = locks.acquire('r', { ttlMs: 1_000, waitMs: 5_000, sessionId: 'w' });
    await held!.release();
    await expect(waiting).resolves.toMatchObject({ sessionId: 'w' });
  });
});
