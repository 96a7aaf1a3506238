import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { listenConfigOf, PostgresWakeUpSignal } from './postgres-wake-up.signal.js';

const pollingOnly = () =>
  new PostgresWakeUpSignal({
    channel: 'c',
    listen: false,
    pollIntervalMs: 100,
    reconnectDelayMs: 10,
    clientConfig: async () => ({}),
  });

/** Lets `ms` pass, then runs the wake-ups those timers scheduled. */
async function elapse(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
  await jest.advanceTimersByTimeAsync(0);
}

describe('PostgresWakeUpSignal (polling)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('wakes every listener once per poll interval while subscribed', async () => {
    const signal = pollingOnly();
    const calls: string[] = [];
    const stopA = signal.subscribe(() => calls.push('a'));
    signal.subscribe(() => calls.push('b'));
    await elapse(50);
    expect(calls).toEqual([]);
    await elapse(100);
    expect(calls).toEqual(['a', 'b']);
    stopA();
    stopA();
    await elapse(100);
    expect(calls).toEqual(['a', 'b', 'b']);
    await signal.close();
    await elapse(500);
    expect(calls).toHaveLength(3);
  });

  it('coalesces wake-ups and ignores listeners that throw', async () => {
    const signal = pollingOnly();
    let calls = 0;
    signal.subscribe(() => {
      throw new Error('faulty');
    });
    signal.subscribe(() => (calls += 1));
    signal.wake();
    signal.wake();
    signal.wake();
    await elapse(0);
    expect(calls).toBe(1);
    await signal.close();
  });

  it('stops polling when the last listener leaves, and starts again on subscribe', async () => {
    const signal = pollingOnly();
    let calls = 0;
    signal.subscribe(() => (calls += 1))();
    await elapse(300);
    expect(calls).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    signal.subscribe(() => (calls += 1));
    await elapse(150);
    expect(calls).toBe(1);
    await signal.close();
  });
});

describe('listenConfigOf', () => {
  it("keeps the pool's password, which pg stores non-enumerable", async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 5999, user: 'app', password: 's3cret' });
    try {
      expect({ ...pool.options }.password).toBeUndefined();
      expect(listenConfigOf(pool)).toMatchObject({
        host: '127.0.0.1',
        port: 5999,
        user: 'app',
        password: 's3cret',
      });
    } finally {
      await pool.end();
    }
  });
});
