import { describe, expect, it } from '@jest/globals';
import { elapse } from './contract-time.js';
import type { CacheContractContext } from './cache-contract.context.js';

/** Cache contract cases: TTLs and tag invalidation. */
export function describeCacheExpiryAndTagCases(ctx: CacheContractContext): void {
  describe('expiry', () => {
    it('expires an entry once its TTL has passed, not before', async () => {
      await ctx.cache.set('k', 'v', { ttlMs: ctx.ttl });
      await elapse(ctx.subject, ctx.ttl - ctx.slack);
      await expect(ctx.cache.get('k')).resolves.toBe('v');
      await elapse(ctx.subject, ctx.subject.advanceTime ? ctx.slack : ctx.slack * 2);
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      await expect(ctx.cache.delete('k')).resolves.toBe(false);
    });

    it('keeps entries without a TTL', async () => {
      await ctx.cache.set('forever', 'v');
      await elapse(
        ctx.subject,
        ctx.subject.advanceTime ? 365 * 24 * 3_600_000 : ctx.ttl + ctx.slack,
      );
      await expect(ctx.cache.get('forever')).resolves.toBe('v');
    });

    it('resets the TTL when a key is set again', async () => {
      await ctx.cache.set('k', 'short', { ttlMs: ctx.ttl });
      await ctx.cache.set('k', 'long');
      await elapse(ctx.subject, ctx.ttl + ctx.slack);
      await expect(ctx.cache.get('k')).resolves.toBe('long');
    });

    it('applies defaultTtlMs to entries written without a TTL', async () => {
      const expiring = await ctx.create({ defaultTtlMs: ctx.ttl });
      await expiring.set('k', 'v');
      await expiring.set('kept', 'v', { ttlMs: ctx.ttl * 100 });
      await elapse(ctx.subject, ctx.ttl + ctx.slack);
      await expect(expiring.get('k')).resolves.toBeUndefined();
      await expect(expiring.get('kept')).resolves.toBe('v');
    });
  });

  describe('tags', () => {
    it('deletes every entry carrying a tag and nothing else', async () => {
      await ctx.cache.set('a', 1, { tags: ['order:1'] });
      await ctx.cache.set('b', 2, { tags: ['order:1', 'customer:9'] });
      await ctx.cache.set('c', 3, { tags: ['customer:9'] });
      await ctx.cache.set('d', 4);
      await ctx.cache.deleteByTag('order:1');
      await expect(ctx.cache.get('a')).resolves.toBeUndefined();
      await expect(ctx.cache.get('b')).resolves.toBeUndefined();
      await expect(ctx.cache.get('c')).resolves.toBe(3);
      await expect(ctx.cache.get('d')).resolves.toBe(4);
      await ctx.cache.deleteByTag('customer:9');
      await expect(ctx.cache.get('c')).resolves.toBeUndefined();
    });

    it('forgets the old tags of an entry that is set again', async () => {
      await ctx.cache.set('k', 1, { tags: ['old'] });
      await ctx.cache.set('k', 2, { tags: ['new'] });
      await ctx.cache.deleteByTag('old');
      await expect(ctx.cache.get('k')).resolves.toBe(2);
      await ctx.cache.deleteByTag('new');
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
    });

    it('treats an unknown tag as nothing to delete', async () => {
      await ctx.cache.set('k', 1, { tags: ['t'] });
      await expect(ctx.cache.deleteByTag('unused')).resolves.toBeUndefined();
      await expect(ctx.cache.get('k')).resolves.toBe(1);
    });

    it('keeps tags apart from keys of the same or a look-alike name', async () => {
      const keys = ['shared', '#shared', 't:shared', 'tag:shared', 'tags:shared'];
      for (const key of keys) await ctx.cache.set(key, key, { tags: ['other'] });
      await ctx.cache.set('tagged', 'tagged', { tags: ['shared'] });
      await ctx.cache.deleteByTag('shared');
      for (const key of keys) await expect(ctx.cache.get(key)).resolves.toBe(key);
      await expect(ctx.cache.get('tagged')).resolves.toBeUndefined();
    });
  });
}
