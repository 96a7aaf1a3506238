import { beforeEach, describe } from '@jest/globals';
import type { CacheOptions } from '../../ports/cache.port.js';
import type { CacheContractContext, CacheContractSubject } from './cache-contract.context.js';
import { describeCacheExpiryAndTagCases } from './cache-expiry-tags.contract.js';
import { describeCacheGetOrLoadCases } from './cache-get-or-load.contract.js';
import { describeCacheIsolationCases } from './cache-isolation.contract.js';
import { describeCacheValueCases } from './cache-values.contract.js';
import { uniqueName, useContractSubject } from './contract-helpers.js';
import type { ContractFactory } from './contract-subject.js';

export type { CacheContractSubject } from './cache-contract.context.js';

/**
 * Contract every {@link Cache} adapter must pass: JSON round-trip semantics, null vs
 * undefined, size limit, TTLs, tags, namespace and scope isolation, and single-flight
 * `getOrLoad` (including invalidation racing a load). On real time (no `advanceTime`) the
 * expiry tests wait for TTLs of a few hundred milliseconds.
 */
export function describeCacheContract(
  name: string,
  factory: ContractFactory<CacheContractSubject>,
): void {
  describe(`Cache contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const ctx = {
      get subject() {
        return subject();
      },
      create: async (options: Partial<CacheOptions> = {}) =>
        subject().adapter({ namespace: ctx.namespace, ...options }),
    } as CacheContractContext;

    beforeEach(async () => {
      ctx.namespace = uniqueName('cache_contract');
      ctx.scope = undefined;
      ctx.cache = await ctx.create();
      ctx.ttl = ctx.subject.advanceTime ? 60_000 : 200;
      ctx.slack = ctx.subject.advanceTime ? 1 : 80;
    });

    describeCacheValueCases(ctx);
    describeCacheExpiryAndTagCases(ctx);
    describeCacheIsolationCases(ctx);
    describeCacheGetOrLoadCases(ctx);
  });
}
