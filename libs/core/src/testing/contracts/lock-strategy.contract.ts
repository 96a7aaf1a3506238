import { beforeEach, describe, expect, it } from '@jest/globals';
import type { LockStrategy } from '../../ports/lock-strategy.port.js';
import { expectCode, uniqueName, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';
import { elapse, flushAsync } from './contract-time.js';
import { describeLockRunExclusiveCases } from './lock-strategy-run-exclusive.contract.js';

/** What `describeLockStrategyContract` needs: a fresh lock strategy (and a fake clock, if any). */
export type LockStrategyContractSubject = ContractSubject<LockStrategy>;

/**
 * Contract every {@link LockStrategy} adapter must pass: mutual exclusion under contention,
 * waiting and time-outs, expiry, re-entrancy by session, owner-only release and extension,
 * and strictly increasing fencing tokens. On real time (no `advanceTime`) the tests wait for
 * leases of a few hundred milliseconds.
 */
export function describeLockStrategyContract(
  name: string,
  factory: ContractFactory<LockStrategyContractSubject>,
): void {
  describe(`LockStrategy contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const locks = () => subject().adapter;
    /** Whether time is a fake clock (exact, instant) rather than real time. */
    const fakeTime = () => subject().advanceTime !== undefined;
    /** A lease that does not expire during a test. */
    const ttl = 30_000;
    /** A short lease for expiry tests. */
    let lease: number;
    /** A margin that keeps real-time checks clear of scheduling jitter. */
    let slack: number;
    /** A resource no other test locks. */
    let resource: string;

    beforeEach(() => {
      lease = fakeTime() ? 1_000 : 200;
      slack = fakeTime() ? 1 : 80;
      resource = uniqueName('contract_resource');
    });

    const acquireFor = (sessionId: string, ttlMs = ttl) =>
      locks().tryAcquire(resource, { ttlMs, sessionId });
    /** Lets a `lease` run out, with a margin on real time. */
    const expire = () => elapse(subject(), lease + (fakeTime() ? 0 : slack));

    describe('acquisition', () => {
      it('returns a lock describing the resource, owner, fencing token and expiry', async () => {
        const lock = await acquireFor('owner-a');
        expect(lock).not.toBeNull();
        expect(lock!.resource).toBe(resource);
        expect(lock!.sessionId).toBe('owner-a');
        expect(Number.isInteger(lock!.token)).toBe(true);
        expect(lock!.expiresAt).toBeInstanceOf(Date);
        expect(Number.isNaN(lock!.expiresAt.getTime())).toBe(false);
      });

      it('refuses a held lock to another owner until it is released', async () => {
        const lock = await acquireFor('owner-a');
        await expect(acquireFor('owner-b')).resolves.toBeNull();
        await expect(lock!.release()).resolves.toBe(true);
        const next = await acquireFor('owner-b');
        expect(next?.sessionId).toBe('owner-b');
      });

      it('gives every acquisition without a session id its own owner (not re-entrant)', async () => {
        const first = await locks().tryAcquire(resource, { ttlMs: ttl });
        expect(first).not.toBeNull();
        expect(first!.sessionId.length).toBeGreaterThan(0);
        await expect(locks().tryAcquire(resource, { ttlMs: ttl })).resolves.toBeNull();
      });

      it('locks resources independently', async () => {
        await acquireFor('owner-a');
        const other = await locks().tryAcquire(`${resource}-other`, {
          ttlMs: ttl,
          sessionId: 'owner-b',
        });
        expect(other?.resource).toBe(`${resource}-other`);
      });

      it('grants exactly one of many concurrent tryAcquire calls', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, index) => acquireFor(`owner-${index}`)),
        );
        expect(results.filter((lock) => lock !== null)).toHaveLength(1);
      });

      it('rejects invalid requests with VALIDATION_FAILED', async () => {
        await expectCode(locks().tryAcquire('', { ttlMs: ttl }), 'VALIDATION_FAILED');
        await expectCode(locks().tryAcquire(resource, { ttlMs: 0 }), 'VALIDATION_FAILED');
        await expectCode(locks().tryAcquire(resource, { ttlMs: -5 }), 'VALIDATION_FAILED');
        await expectCode(locks().tryAcquire(resource, { ttlMs: 1.5 }), 'VALIDATION_FAILED');
        await expectCode(locks().tryAcquire(resource, { ttlMs: Number.NaN }), 'VALIDATION_FAILED');
        await expectCode(
          locks().acquire(resource, { ttlMs: ttl, waitMs: -1 }),
          'VALIDATION_FAILED',
        );
        await expectCode(
          locks().acquire(resource, { ttlMs: ttl, sessionId: '' }),
          'VALIDATION_FAILED',
        );
        await expect(acquireFor('owner-a')).resolves.not.toBeNull();
      });
    });

    describe('waiting', () => {
      it('fails at once with LOCK_TIMEOUT when the lock is held and waitMs is 0', async () => {
        await acquireFor('owner-a');
        await expect(
          locks().acquire(resource, { ttlMs: ttl, sessionId: 'owner-b' }),
        ).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', resource });
      });

      it('waits for the holder to release', async () => {
        const held = await acquireFor('owner-a');
        const waiting = locks().acquire(resource, {
          ttlMs: ttl,
          waitMs: ttl,
          sessionId: 'owner-b',
        });
        await flushAsync();
        await held!.release();
        const lock = await waiting;
        expect(lock.sessionId).toBe('owner-b');
        expect(lock.token).toBeGreaterThan(held!.token);
      });

      it('waits for the holder to expire', async () => {
        await acquireFor('owner-a', lease);
        const waiting = locks().acquire(resource, {
          ttlMs: ttl,
          waitMs: ttl,
          sessionId: 'owner-b',
        });
        await flushAsync();
        await expire();
        await expect(waiting).resolves.toMatchObject({ sessionId: 'owner-b' });
      });

      it('fails with LOCK_TIMEOUT once waitMs has passed', async () => {
        await acquireFor('owner-a');
        const waitMs = fakeTime() ? 1_000 : 50;
        const waiting = locks().acquire(resource, { ttlMs: ttl, waitMs, sessionId: 'owner-b' });
        const outcome = waiting.then(
          () => 'acquired',
          (error: { code?: string }) => error.code,
        );
        await flushAsync();
        await elapse(subject(), waitMs);
        await expect(outcome).resolves.toBe('LOCK_TIMEOUT');
      });
    });

    describe('expiry', () => {
      it('frees the lock once its ttl has passed, not before', async () => {
        await acquireFor('owner-a', lease);
        await elapse(subject(), lease - slack);
        await expect(acquireFor('owner-b')).resolves.toBeNull();
        await elapse(subject(), fakeTime() ? slack : slack * 2);
        await expect(acquireFor('owner-b')).resolves.toMatchObject({ sessionId: 'owner-b' });
      });

      it('keeps an extended lock past its original ttl', async () => {
        const lock = await acquireFor('owner-a', lease);
        const firstExpiry = lock!.expiresAt.getTime();
        await elapse(subject(), lease - slack);
        await lock!.extend(lease * 2);
        expect(lock!.expiresAt.getTime()).toBeGreaterThan(firstExpiry);
        await elapse(subject(), slack * 2);
        await expect(acquireFor('owner-b')).resolves.toBeNull();
        await expect(lock!.release()).resolves.toBe(true);
      });

      it('sets the expiry to now + ttl on extend (not remaining + ttl)', async () => {
        const lock = await acquireFor('owner-a', lease);
        const acquiredExpiry = lock!.expiresAt.getTime();
        const pause = lease / 4;
        await elapse(subject(), pause);
        await lock!.extend(lease * 2);
        const moved = lock!.expiresAt.getTime() - acquiredExpiry;
        if (fakeTime()) {
          expect(moved).toBe(pause + lease);
        } else {
          expect(moved).toBeGreaterThanOrEqual(pause + lease - slack);
          expect(moved).toBeLessThanOrEqual(pause + lease + slack);
        }
      });

      it('rejects an invalid extension ttl with VALIDATION_FAILED', async () => {
        const lock = await acquireFor('owner-a');
        await expectCode(lock!.extend(0), 'VALIDATION_FAILED');
        await expectCode(lock!.extend(-1), 'VALIDATION_FAILED');
      });
    });

    describe('ownership', () => {
      it('ignores release by an owner whose lock expired and passed on, and refuses its extend', async () => {
        const stale = await acquireFor('owner-a', lease);
        await expire();
        const current = await acquireFor('owner-b');
        expect(current).not.toBeNull();
        await expect(stale!.release()).resolves.toBe(false);
        await expect(acquireFor('owner-c')).resolves.toBeNull();
        await expect(stale!.extend(ttl)).rejects.toMatchObject({
          code: 'LOCK_NOT_HELD',
          resource,
          token: stale!.token,
        });
        await expect(current!.release()).resolves.toBe(true);
      });

      it('reports an expired, untaken lock as no longer held', async () => {
        const lock = await acquireFor('owner-a', lease);
        await expire();
        await expectCode(lock!.extend(ttl), 'LOCK_NOT_HELD');
        await expect(lock!.release()).resolves.toBe(false);
      });

      it('makes a second release of the same handle a no-op', async () => {
        const lock = await acquireFor('owner-a');
        await expect(lock!.release()).resolves.toBe(true);
        await expect(lock!.release()).resolves.toBe(false);
        await expectCode(lock!.extend(ttl), 'LOCK_NOT_HELD');
      });
    });

    describe('re-entrancy', () => {
      it('lets the same session re-enter with the same token and counts the holds', async () => {
        const outer = await acquireFor('session-1');
        const inner = await locks().acquire(resource, { ttlMs: ttl, sessionId: 'session-1' });
        expect(inner.token).toBe(outer!.token);
        await expect(inner.release()).resolves.toBe(true);
        await expect(inner.release()).resolves.toBe(false);
        await expect(acquireFor('session-2')).resolves.toBeNull();
        await expect(outer!.release()).resolves.toBe(true);
        await expect(acquireFor('session-2')).resolves.not.toBeNull();
      });

      it('extends the expiry when the session re-enters', async () => {
        await acquireFor('session-1', lease);
        await elapse(subject(), lease - slack);
        await acquireFor('session-1', lease * 2);
        await elapse(subject(), slack * 2);
        await expect(acquireFor('session-2')).resolves.toBeNull();
      });

      it('starts a new lease with a new token when the session returns after expiry', async () => {
        const old = await acquireFor('session-1', lease);
        await expire();
        const renewed = await acquireFor('session-1');
        expect(renewed!.token).toBeGreaterThan(old!.token);
        await expect(old!.release()).resolves.toBe(false);
        await expect(acquireFor('session-2')).resolves.toBeNull();
        await expect(renewed!.release()).resolves.toBe(true);
        await expect(acquireFor('session-2')).resolves.not.toBeNull();
      });
    });

    describe('fencing tokens', () => {
      it('strictly increase across owners, releases and expiries', async () => {
        const tokens: number[] = [];
        for (let round = 0; round < 3; round += 1) {
          const released = await acquireFor(`released-${round}`);
          tokens.push(released!.token);
          await released!.release();
          const expired = await acquireFor(`expired-${round}`, lease);
          tokens.push(expired!.token);
          await expire();
        }
        for (let index = 1; index < tokens.length; index += 1) {
          expect(tokens[index]).toBeGreaterThan(tokens[index - 1]!);
        }
      });
    });

    describeLockRunExclusiveCases({
      get locks() {
        return locks();
      },
      get resource() {
        return resource;
      },
      ttl,
      acquireFor: (sessionId) => acquireFor(sessionId),
    });
  });
}
