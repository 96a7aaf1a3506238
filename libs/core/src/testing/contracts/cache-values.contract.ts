import { describe, expect, it } from '@jest/globals';
import { expectCode } from './contract-helpers.js';
import type { CacheContractContext } from './cache-contract.context.js';

/** Cache contract cases: JSON values, null vs undefined, validation and the size limit. */
export function describeCacheValueCases(ctx: CacheContractContext): void {
  describe('values', () => {
    it('misses with undefined', async () => {
      await expect(ctx.cache.get('absent')).resolves.toBeUndefined();
    });

    it('round-trips JSON values of every kind', async () => {
      const values: Record<string, unknown> = {
        object: { id: 'o-1', lines: [{ sku: 'a', qty: 2 }], nested: { deep: [1, [2, 3]] } },
        array: [1, 'two', false, null],
        string: 'hello ✓ 𝄞',
        emptyString: '',
        number: 12.5,
        zero: 0,
        boolean: false,
      };
      for (const [key, value] of Object.entries(values)) await ctx.cache.set(key, value);
      for (const [key, value] of Object.entries(values)) {
        await expect(ctx.cache.get(key)).resolves.toEqual(value);
      }
    });

    it('caches null as a value, distinct from a miss', async () => {
      await ctx.cache.set('nothing', null);
      await expect(ctx.cache.get('nothing')).resolves.toBeNull();
      await expect(ctx.cache.delete('nothing')).resolves.toBe(true);
      await expect(ctx.cache.get('nothing')).resolves.toBeUndefined();
    });

    it('refuses undefined, functions, BigInts and cycles with VALIDATION_FAILED', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expectCode(ctx.cache.set('k', undefined), 'VALIDATION_FAILED');
      await expectCode(
        ctx.cache.set('k', () => 1),
        'VALIDATION_FAILED',
      );
      await expectCode(ctx.cache.set('k', { big: BigInt(1) }), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('k', cyclic), 'VALIDATION_FAILED');
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
    });

    it('applies JSON semantics: dates become ISO strings, undefined fields vanish', async () => {
      const at = new Date('2026-05-04T03:02:01.000Z');
      await ctx.cache.set('order', {
        at,
        note: undefined,
        ratio: Number.NaN,
        tags: new Set(['x']),
      });
      const back = await ctx.cache.get<Record<string, unknown>>('order');
      expect(back).toEqual({ at: '2026-05-04T03:02:01.000Z', ratio: null, tags: {} });
      expect(Object.keys(back!)).not.toContain('note');
    });

    it('stores a copy: later mutation of the input or of a read value changes nothing', async () => {
      const input = { items: ['a'] };
      await ctx.cache.set('copy', input);
      input.items.push('b');
      const read = await ctx.cache.get<{ items: string[] }>('copy');
      read!.items.push('c');
      await expect(ctx.cache.get('copy')).resolves.toEqual({ items: ['a'] });
    });

    it('replaces the value on set', async () => {
      await ctx.cache.set('k', 1);
      await ctx.cache.set('k', { v: 2 });
      await expect(ctx.cache.get('k')).resolves.toEqual({ v: 2 });
    });

    it('deletes, resolving whether an entry existed', async () => {
      await ctx.cache.set('k', 'v');
      await expect(ctx.cache.delete('k')).resolves.toBe(true);
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      await expect(ctx.cache.delete('k')).resolves.toBe(false);
    });

    it('validates keys, tags and TTLs with VALIDATION_FAILED', async () => {
      await expectCode(ctx.cache.get(''), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('', 1), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('k'.repeat(1_025), 1), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.delete(''), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.deleteByTag(''), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('k', 1, { ttlMs: 0 }), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('k', 1, { ttlMs: -1 }), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('k', 1, { ttlMs: 1.5 }), 'VALIDATION_FAILED');
      await expectCode(ctx.cache.set('k', 1, { tags: [''] }), 'VALIDATION_FAILED');
      await expectCode(
        ctx.cache.getOrLoad('k', () => 1, { ttlMs: -1 }),
        'VALIDATION_FAILED',
      );
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
    });

    it('refuses an empty namespace and invalid limits at construction', async () => {
      await expectCode(ctx.create({ namespace: '' }), 'VALIDATION_FAILED');
      await expectCode(ctx.create({ maxValueBytes: 0 }), 'VALIDATION_FAILED');
      await expectCode(ctx.create({ defaultTtlMs: -5 }), 'VALIDATION_FAILED');
    });
  });

  describe('size limit', () => {
    it('refuses values whose UTF-8 JSON exceeds maxValueBytes, keeping the previous value', async () => {
      const small = await ctx.create({ maxValueBytes: 64 });
      // JSON of a string of n two-byte characters is 2n + 2 bytes.
      await small.set('k', 'é'.repeat(31));
      await expect(small.get('k')).resolves.toBe('é'.repeat(31));
      await expect(small.set('k', 'é'.repeat(32))).rejects.toMatchObject({
        code: 'CACHE_VALUE_TOO_LARGE',
        key: 'k',
        sizeBytes: 66,
        maxBytes: 64,
      });
      await expect(small.get('k')).resolves.toBe('é'.repeat(31));
    });
  });
}
