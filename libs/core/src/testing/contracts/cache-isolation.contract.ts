import { describe, expect, it } from '@jest/globals';
import { runInContext } from '../../context/request-context-scope.js';
import type { CacheContractContext } from './cache-contract.context.js';

/** Cache contract cases: namespaces and key scopes never see each other. */
export function describeCacheIsolationCases(ctx: CacheContractContext): void {
  describe('isolation', () => {
    it('never lets two namespaces on one backend see each other', async () => {
      const other = await ctx.create({ namespace: `${ctx.namespace}-other` });
      await ctx.cache.set('k', 'mine', { tags: ['t'] });
      await other.set('k', 'theirs', { tags: ['t'] });
      await expect(ctx.cache.get('k')).resolves.toBe('mine');
      await other.deleteByTag('t');
      await expect(ctx.cache.get('k')).resolves.toBe('mine');
      await expect(other.get('k')).resolves.toBeUndefined();
      await other.set('k', 'theirs');
      await expect(other.delete('k')).resolves.toBe(true);
      await expect(ctx.cache.get('k')).resolves.toBe('mine');
    });

    it('never lets two key scopes see, delete or invalidate each other', async () => {
      const scoped = await ctx.create({ keyScope: () => ctx.scope });
      ctx.scope = 'tenant-a';
      await scoped.set('k', 'a', { tags: ['t'] });
      ctx.scope = 'tenant-b';
      await expect(scoped.get('k')).resolves.toBeUndefined();
      await scoped.set('k', 'b', { tags: ['t'] });
      await scoped.deleteByTag('t');
      await expect(scoped.delete('k')).resolves.toBe(false);
      await expect(scoped.getOrLoad('k', () => 'loaded-b')).resolves.toBe('loaded-b');
      ctx.scope = 'tenant-a';
      await expect(scoped.get('k')).resolves.toBe('a');
      await expect(scoped.getOrLoad('k', () => 'never')).resolves.toBe('a');
    });

    it("scopes keys and tags to the request context's tenant by default", async () => {
      await runInContext({ tenantId: 'tenant-a' }, () => ctx.cache.set('k', 'a', { tags: ['t'] }));
      await runInContext({ tenantId: 'tenant-b' }, async () => {
        await expect(ctx.cache.get('k')).resolves.toBeUndefined();
        await ctx.cache.set('k', 'b', { tags: ['t'] });
        await ctx.cache.deleteByTag('t');
      });
      await expect(ctx.cache.get('k')).resolves.toBeUndefined();
      await runInContext({ tenantId: 'tenant-a' }, () =>
        expect(ctx.cache.get('k')).resolves.toBe('a'),
      );
    });

    it('keeps the unscoped scope, the empty scope and named scopes apart', async () => {
      const scoped = await ctx.create({ keyScope: () => ctx.scope });
      const scopes = [undefined, '', 'x', '%', 'x:y'];
      for (const current of scopes) {
        ctx.scope = current;
        await scoped.set('k', `value-${String(current)}`);
      }
      for (const current of scopes) {
        ctx.scope = current;
        await expect(scoped.get('k')).resolves.toBe(`value-${String(current)}`);
      }
    });

    it('cannot be tricked by separators inside scopes, keys or namespaces', async () => {
      const scoped = await ctx.create({ keyScope: () => ctx.scope });
      ctx.scope = 'a';
      await scoped.set('b:c', 'scope a, key b:c');
      ctx.scope = 'a:b';
      await expect(scoped.get('c')).resolves.toBeUndefined();
      const nested = await ctx.create({ namespace: `${ctx.namespace}:a` });
      ctx.scope = undefined;
      await expect(nested.get('b:c')).resolves.toBeUndefined();
      await nested.set('x', 'nested');
      await expect(ctx.cache.get('a:x')).resolves.toBeUndefined();
    });
  });
}
