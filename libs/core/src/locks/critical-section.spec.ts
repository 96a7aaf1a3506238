import { describe, expect, it } from '@jest/globals';
import { InMemoryLockStrategy } from '../adapters/memory/in-memory-lock-strategy.adapter.js';
import type { Lock, LockOptions } from '../ports/lock-strategy.port.js';
import { CriticalSection } from './critical-section.js';

/** An in-memory strategy recording the waits asked for and the order of takes and releases. */
class RecordingLockStrategy extends InMemoryLockStrategy {
  readonly events: string[] = [];
  readonly waits = new Map<string, number>();

  override async acquire(resource: string, options: LockOptions): Promise<Lock> {
    this.waits.set(resource, options.waitMs ?? 0);
    const lock = await super.acquire(resource, options);
    this.events.push(`take ${resource}`);
    return {
      resource: lock.resource,
      token: lock.token,
      sessionId: lock.sessionId,
      get expiresAt() {
        return lock.expiresAt;
      },
      extend: (ttlMs) => lock.extend(ttlMs),
      release: async () => {
        this.events.push(`release ${resource}`);
        return lock.release();
      },
    };
  }
}

const options = { ttlMs: 10_000, waitMs: 10_000 };
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('CriticalSection', () => {
  it('never deadlocks two callers asking for [a, b] and [b, a], and excludes them', async () => {
    const locks = new InMemoryLockStrategy();
    const section = new CriticalSection(locks);
    let inside = 0;
    let maxInside = 0;
    let entries = 0;
    const enter = async () => {
      inside += 1;
      entries += 1;
      maxInside = Math.max(maxInside, inside);
      await nextTurn();
      inside -= 1;
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        section.run(index % 2 === 0 ? ['a', 'b'] : ['b', 'a'], enter, options),
      ),
    );
    expect(entries).toBe(20);
    expect(maxInside).toBe(1);
  });

  it('takes deduplicated resources in sorted order and releases them in reverse', async () => {
    const locks = new RecordingLockStrategy();
    const seen = await new CriticalSection(locks).run(
      ['c', 'a', 'b', 'a'],
      (held) => held.map((lock) => lock.resource),
      options,
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(locks.events).toEqual([
      'take a',
      'take b',
      'take c',
      'release c',
      'release b',
      'release a',
    ]);
  });

  it('is all or nothing: a timeout on a later resource releases the earlier ones', async () => {
    const locks = new InMemoryLockStrategy();
    const blocker = await locks.tryAcquire('b', { ttlMs: 10_000, sessionId: 'other' });
    let ran = false;
    await expect(
      new CriticalSection(locks).run(
        ['a', 'b'],
        () => {
          ran = true;
        },
        { ttlMs: 10_000, waitMs: 30 },
      ),
    ).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', resource: 'b' });
    expect(ran).toBe(false);
    await expect(locks.tryAcquire('a', { ttlMs: 10_000 })).resolves.not.toBeNull();
    await blocker!.release();
  });

  it('releases every lock when the work throws, and rethrows', async () => {
    const locks = new InMemoryLockStrategy();
    const failure = new Error('boom');
    await expect(
      new CriticalSection(locks).run(['x', 'y'], () => Promise.reject(failure), options),
    ).rejects.toBe(failure);
    await expect(locks.tryAcquire('x', { ttlMs: 10_000 })).resolves.not.toBeNull();
    await expect(locks.tryAcquire('y', { ttlMs: 10_000 })).resolves.not.toBeNull();
  });

  it('shares one waitMs budget across all resources', async () => {
    const locks = new RecordingLockStrategy();
    await locks.tryAcquire('m', { ttlMs: 60, sessionId: 'other' });
    await locks.tryAcquire('n', { ttlMs: 10_000, sessionId: 'other' });
    await expect(
      new CriticalSection(locks).run(['m', 'n'], () => 'never', { ttlMs: 10_000, waitMs: 150 }),
    ).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', resource: 'n' });
    expect(locks.waits.get('m')).toBe(150);
    expect(locks.waits.get('n')).toBeLessThanOrEqual(150 - 60);
    await expect(locks.tryAcquire('m', { ttlMs: 10_000 })).resolves.not.toBeNull();
  });

  it('runs the work with no locks for an empty list', async () => {
    const section = new CriticalSection(new InMemoryLockStrategy());
    await expect(section.run([], (held) => held.length, options)).resolves.toBe(0);
  });
});
