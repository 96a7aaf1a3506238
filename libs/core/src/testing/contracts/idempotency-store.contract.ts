import { describe, expect, it } from '@jest/globals';
import { isIdempotencyKeyReusedError } from '../../errors/idempotency-key-reused.error.js';
import type { IdempotencyClaim, IdempotencyStore } from '../../ports/idempotency-store.port.js';
import { rejectionOf, uniqueName, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';
import { elapse } from './contract-time.js';

/** What `describeIdempotencyStoreContract` needs per test: an idempotency store. */
export type IdempotencyStoreContractSubject = ContractSubject<IdempotencyStore>;

/** Time-to-live used by the contract; small, so backends that keep real time wait briefly. */
const TTL = 400;

function tokenOf(claim: IdempotencyClaim): string {
  if (claim.status !== 'claimed') throw new Error(`expected a claim, got ${claim.status}`);
  return claim.token;
}

/**
 * Contract every {@link IdempotencyStore} adapter must pass: one winner among concurrent
 * claimants, replay of the stored result (a copy), payload-fingerprint checks, ownership
 * tokens, and expiry of unfinished claims and of results.
 */
export function describeIdempotencyStoreContract(
  name: string,
  factory: ContractFactory<IdempotencyStoreContractSubject>,
): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;
    /** A key no other test uses, so real backends shared between tests never collide. */
    const freshKey = () => uniqueName('contract');
    const claim = (key: string, fingerprint = 'fp-1', lockTtlMs = TTL) =>
      store().claim({ key, fingerprint, lockTtlMs });

    it('grants a free key to its first claimant with an ownership token', async () => {
      const result = await claim(freshKey());
      expect(result.status).toBe('claimed');
      expect(tokenOf(result)).toEqual(expect.any(String));
    });

    it('lets exactly one of many concurrent claimants of the same key win', async () => {
      const key = freshKey();
      const results = await Promise.all(Array.from({ length: 20 }, () => claim(key)));
      expect(results.filter((r) => r.status === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'in-progress')).toHaveLength(19);
    });

    it('keeps keys independent', async () => {
      const [a, b] = await Promise.all([claim(freshKey()), claim(freshKey())]);
      expect([a.status, b.status]).toEqual(['claimed', 'claimed']);
    });

    it('replays the stored result to later claimants', async () => {
      const key = freshKey();
      const token = tokenOf(await claim(key));
      const result = { id: 'order-1', version: 3, items: [{ sku: 'a', quantity: 2 }] };
      await expect(store().complete(key, token, result, TTL)).resolves.toBe(true);
      await expect(claim(key)).resolves.toEqual({ status: 'completed', result });
      await expect(claim(key)).resolves.toEqual({ status: 'completed', result });
    });

    it('replays results of every JSON shape, and undefined', async () => {
      const values: unknown[] = [
        undefined,
        null,
        0,
        'text',
        false,
        [1, 'two'],
        { nested: { a: [] } },
      ];
      for (const value of values) {
        const key = freshKey();
        await store().complete(key, tokenOf(await claim(key)), value, TTL);
        const replay = await claim(key);
        expect(replay.status).toBe('completed');
        expect(replay.status === 'completed' && replay.result).toEqual(value);
      }
    });

    it('stores a copy: mutating the original or a replayed result changes nothing stored', async () => {
      const key = freshKey();
      const result = { id: 'order-1', tags: ['a'] };
      await store().complete(key, tokenOf(await claim(key)), result, TTL);
      result.tags.push('mutated');
      const first = await claim(key);
      if (first.status === 'completed') (first.result as { tags: string[] }).tags.push('again');
      await expect(claim(key)).resolves.toEqual({
        status: 'completed',
        result: { id: 'order-1', tags: ['a'] },
      });
    });

    it('refuses the same key with another payload fingerprint, in progress or completed', async () => {
      const key = freshKey();
      const token = tokenOf(await claim(key, 'fp-1'));
      const whileRunning = await rejectionOf(claim(key, 'fp-2'));
      expect(isIdempotencyKeyReusedError(whileRunning)).toBe(true);
      await store().complete(key, token, 'done', TTL);
      const afterwards = await rejectionOf(claim(key, 'fp-2'));
      expect(isIdempotencyKeyReusedError(afterwards)).toBe(true);
      expect((afterwards as { key: string }).key).toBe(key);
    });

    it('frees the key when the owner releases it, so a retry executes again', async () => {
      const key = freshKey();
      const token = tokenOf(await claim(key));
      await store().release(key, token);
      expect((await claim(key, 'fp-other')).status).toBe('claimed');
    });

    it('ignores complete and release with a token that does not own the key', async () => {
      const key = freshKey();
      tokenOf(await claim(key));
      await expect(store().complete(key, 'not-the-token', 'x', TTL)).resolves.toBe(false);
      await store().release(key, 'not-the-token');
      expect((await claim(key)).status).toBe('in-progress');
    });

    it('does not let release undo a completed result, nor complete twice', async () => {
      const key = freshKey();
      const token = tokenOf(await claim(key));
      await store().complete(key, token, 'first', TTL);
      await store().release(key, token);
      await expect(store().complete(key, token, 'second', TTL)).resolves.toBe(false);
      await expect(claim(key)).resolves.toEqual({ status: 'completed', result: 'first' });
    });

    it('expires an unfinished claim after lockTtlMs; the stale owner can then neither complete nor release', async () => {
      const key = freshKey();
      const stale = tokenOf(await claim(key, 'fp-1', TTL));
      await elapse(subject(), TTL + 50);
      const takeover = await claim(key, 'fp-2', TTL);
      expect(takeover.status).toBe('claimed');
      await expect(store().complete(key, stale, 'stale', TTL)).resolves.toBe(false);
      await store().release(key, stale);
      await expect(store().complete(key, tokenOf(takeover), 'fresh', TTL)).resolves.toBe(true);
      await expect(claim(key, 'fp-2')).resolves.toEqual({ status: 'completed', result: 'fresh' });
    });

    it('keeps a result for ttlMs, then forgets it (the key, and any payload, may be used again)', async () => {
      const key = freshKey();
      await store().complete(key, tokenOf(await claim(key)), 'first', TTL);
      await elapse(subject(), TTL / 2);
      expect((await claim(key)).status).toBe('completed');
      await elapse(subject(), TTL / 2 + 50);
      expect((await claim(key, 'fp-new')).status).toBe('claimed');
    });

    it('rejects non-positive durations', async () => {
      await expect(claim(freshKey(), 'fp', 0)).rejects.toThrow(RangeError);
      const key = freshKey();
      await expect(store().complete(key, tokenOf(await claim(key)), 'x', -1)).rejects.toThrow(
        RangeError,
      );
    });
  });
}
