import { describe, expect, it } from '@jest/globals';
import type { Lock, LockStrategy } from '../../ports/lock-strategy.port.js';
import { expectCode } from './contract-helpers.js';
import { flushAsync } from './contract-time.js';

/** What the `runExclusive` cases need from the lock contract's per-test state. */
export interface LockRunExclusiveContext {
  readonly locks: LockStrategy;
  /** A resource name unique to the current test. */
  readonly resource: string;
  /** A lease that does not expire during a test. */
  readonly ttl: number;
  /** `tryAcquire` of `resource` for `sessionId` with `ttl`. */
  acquireFor(sessionId: string): Promise<Lock | null>;
}

/** Lock contract cases: `runExclusive` exclusion under contention, results, errors, nesting. */
export function describeLockRunExclusiveCases(ctx: LockRunExclusiveContext): void {
  describe('runExclusive', () => {
    it('never lets two callers in at once: a read-await-write counter loses no update', async () => {
      let shared = 0;
      let active = 0;
      let maxActive = 0;
      const tokens: number[] = [];
      const workers = 25;
      await Promise.all(
        Array.from({ length: workers }, () =>
          ctx.locks.runExclusive(
            ctx.resource,
            async (lock) => {
              active += 1;
              maxActive = Math.max(maxActive, active);
              tokens.push(lock.token);
              const read = shared;
              await flushAsync();
              shared = read + 1;
              active -= 1;
            },
            { ttlMs: 30_000, waitMs: 30_000 },
          ),
        ),
      );
      expect(shared).toBe(workers);
      expect(maxActive).toBe(1);
      for (let index = 1; index < tokens.length; index += 1) {
        expect(tokens[index]).toBeGreaterThan(tokens[index - 1]!);
      }
    });

    it('returns the result, passes the lock and a live signal, and releases afterwards', async () => {
      let seen: Lock | undefined;
      const result = await ctx.locks.runExclusive(
        ctx.resource,
        (lock, signal) => {
          seen = lock;
          expect(signal.aborted).toBe(false);
          return 'done';
        },
        { ttlMs: ctx.ttl, sessionId: 'runner' },
      );
      expect(result).toBe('done');
      expect(seen?.resource).toBe(ctx.resource);
      await expect(ctx.acquireFor('someone-else')).resolves.not.toBeNull();
    });

    it('releases the lock when fn throws and rethrows the error', async () => {
      const failure = new Error('boom');
      await expect(
        ctx.locks.runExclusive(ctx.resource, async () => Promise.reject(failure), {
          ttlMs: ctx.ttl,
        }),
      ).rejects.toBe(failure);
      await expect(ctx.acquireFor('someone-else')).resolves.not.toBeNull();
    });

    it('fails with LOCK_TIMEOUT without calling fn when the lock stays held', async () => {
      await ctx.acquireFor('owner-a');
      let called = false;
      await expectCode(
        ctx.locks.runExclusive(
          ctx.resource,
          () => {
            called = true;
          },
          { ttlMs: ctx.ttl },
        ),
        'LOCK_TIMEOUT',
      );
      expect(called).toBe(false);
    });

    it('lets a session nest runExclusive calls on the same resource', async () => {
      const options = { ttlMs: ctx.ttl, sessionId: 'nested' };
      const result = await ctx.locks.runExclusive(
        ctx.resource,
        () => ctx.locks.runExclusive(ctx.resource, (inner) => inner.token, options),
        options,
      );
      expect(Number.isInteger(result)).toBe(true);
      await expect(ctx.acquireFor('someone-else')).resolves.not.toBeNull();
    });
  });
}
