import { describe, expect, it } from '@jest/globals';
import type { Cache } from '../../ports/cache.port.js';
import { expectCode, rejectionOf } from './contract-helpers.js';
import { deferred, elapse, flushAsync } from './contract-time.js';
import type { CacheContractContext } from './cache-contract.context.js';

/** Cache contract cases: `getOrLoad` single-flight, failures and invalidation racing a load. */
export function describeCacheGetOrLoadCases(ctx: CacheContractContext): void {
  describe('getOrLoad', () => {
    it('loads a miss once, caches it, and serves hits without calling the loader', async () => {
      let calls = 0;
      const loader = async () => {
        calls += 1;
        return { id: 'o-1', total: 12.5 };
      };
      await expect(ctx.cache.getOrLoad('order', loader)).resolves.toEqual({
        id: 'o-1',
        total: 12.5,
      });
      await expect(ctx.cache.getOrLoad('order', loader)).resolves.toEqual({
        id: 'o-1',
        total: 12.5,
      });
      await expect(ctx.cache.get('order')).resolves.toEqual({ id: 'o-1', total: 12.5 });
      expect(calls).toBe(1);
    });

    it('calls the loader once for many concurrent callers of one key (single-flight)', async () => {
      let calls = 0;
      const gate = deferred<void>();
      const loader = async () => {
        calls += 1;
        await gate.promise;
        return { n: 42 };
      };
      const results = Promise.all(
        Array.from({ length: 20 }, () => ctx.cache.getOrLoad('hot', loader)),
      );
      await flushAsync();
      gate.resolve();
      const values = await results;
      expect(calls).toBe(1);
      for (const value of values) expect(value).toEqual({ n: 42 });
    });

    it('loads different keys independently', async () => {
      const calls: string[] = [];
      const load = (key: string) =>
        ctx.cache.getOrLoad(key, async () => {
          calls.push(key);
          return key.toUpperCase();
        });
      await expect(Promise.all([load('a'), load('b'), load('a')])).resolves.toEqual([
        'A',
        'B',
        'A',
      ]);
      expect(calls.sort()).toEqual(['a', 'b']);
    });

    it('returns the JSON form on a miss too, as a later hit would', async () => {
      const at = new Date('2026-01-02T03:04:05.000Z');
      await expect(ctx.cache.getOrLoad('d', () => ({ at }))).resolves.toEqual({
        at: '2026-01-02T03:04:05.000Z',
      });
    });

    it('shares a rejection with every waiting caller and caches nothing', async () => {
      const failure = new Error('source down');
      const gate = deferred<void>();
      let calls = 0;
      const failing = async (): Promise<string> => {
        calls += 1;
        await gate.promise;
        throw failure;
      };
      const waiting = Array.from({ length: 5 }, () =>
        rejectionOf(ctx.cache.getOrLoad('k', failing)),
      );
      await flushAsync();
      gate.resolve();
      for (const outcome of await Promise.all(waiting)) expect(outcome).toBe(failure);
      expect(calls).toBe(1);
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      await expect(ctx.cache.getOrLoad('k', () => 'recovered')).resolves.toBe('recovered');
    });

    it('returns but does not cache undefined, and caches null', async () => {
      let calls = 0;
      const undefinedLoader = () => {
        calls += 1;
        return undefined;
      };
      await expect(ctx.cache.getOrLoad('u', undefinedLoader)).resolves.toBeUndefined();
      await expect(ctx.cache.getOrLoad('u', undefinedLoader)).resolves.toBeUndefined();
      expect(calls).toBe(2);
      await expect(ctx.cache.getOrLoad('n', () => null)).resolves.toBeNull();
      await expect(ctx.cache.getOrLoad('n', () => 'other')).resolves.toBeNull();
    });

    it('applies ttlMs and tags to the loaded entry', async () => {
      await ctx.cache.getOrLoad('tagged', () => 1, { tags: ['group'] });
      await ctx.cache.getOrLoad('expiring', () => 2, { ttlMs: ctx.ttl });
      await ctx.cache.deleteByTag('group');
      await expect(ctx.cache.get('tagged')).resolves.toBeUndefined();
      await elapse(ctx.subject, ctx.ttl + ctx.slack);
      await expect(ctx.cache.get('expiring')).resolves.toBeUndefined();
    });

    it('refuses a too-large loaded value and caches nothing', async () => {
      const small = await ctx.create({ maxValueBytes: 16 });
      await expectCode(
        small.getOrLoad('k', () => 'x'.repeat(100)),
        'CACHE_VALUE_TOO_LARGE',
      );
      await expect(small.get('k')).resolves.toBeUndefined();
    });

    it.each([
      ['delete', (c: Cache) => c.delete('k')],
      ['deleteByTag', (c: Cache) => c.deleteByTag('t')],
    ])(
      'lets %s during a load win: the stale value is returned, not cached',
      async (_, invalidate) => {
        const gate = deferred<string>();
        const loading = ctx.cache.getOrLoad('k', () => gate.promise, { tags: ['t'] });
        await flushAsync();
        await invalidate(ctx.cache);
        gate.resolve('stale');
        await expect(loading).resolves.toBe('stale');
        await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      },
    );

    it('lets set during a load win', async () => {
      const gate = deferred<string>();
      const loading = ctx.cache.getOrLoad('k', () => gate.promise);
      await flushAsync();
      await ctx.cache.set('k', 'written');
      gate.resolve('stale');
      await expect(loading).resolves.toBe('stale');
      await expect(ctx.cache.get('k')).resolves.toBe('written');
    });

    it('starts a fresh load for callers arriving after an invalidation', async () => {
      const gate = deferred<string>();
      const loading = ctx.cache.getOrLoad('k', () => gate.promise);
      await flushAsync();
      await ctx.cache.delete('k');
      await expect(ctx.cache.getOrLoad('k', () => 'fresh')).resolves.toBe('fresh');
      gate.resolve('stale');
      await expect(loading).resolves.toBe('stale');
      await expect(ctx.cache.get('k')).resolves.toBe('fresh');
    });
  });
}
