import { describe, expect, it } from '@jest/globals';
import { unleashNormalizedValue } from '../../adapters/memory/flag-hash.js';
import type { FlagDefinition, FlagVariant } from '../../ports/feature-flag-provider.port.js';
import type { FlagProviderBuilder } from './feature-flag-rollout.contract.js';

const ids = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

/** Unleash's variant pick, written out independently of the evaluator under test. */
function unleashVariant(variants: readonly FlagVariant[], id: string, groupId: string): string {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  const target = unleashNormalizedValue(id, groupId, total, 86028157);
  let reached = 0;
  for (const variant of variants) {
    if (variant.weight === 0) continue;
    reached += variant.weight;
    if (reached >= target) return variant.name;
  }
  throw new Error('no variant reached the target');
}

const checkout: FlagDefinition<string> = {
  key: 'checkout-variant',
  enabled: true,
  defaultValue: 'control',
  defaultVariant: 'control',
  variants: [
    { name: 'a', value: 'A', weight: 500 },
    { name: 'never', value: 'N', weight: 0 },
    { name: 'b', value: 'B', weight: 300 },
    { name: 'c', value: 'C', weight: 200 },
  ],
};

/** Feature flag contract cases: weighted, sticky variants picked like Unleash picks them. */
export function describeFeatureFlagVariantCases(provider: FlagProviderBuilder): void {
  describe('variants', () => {
    it('picks the variant Unleash picks for each subject, in proportion to the weights', async () => {
      const flags = await provider(checkout);
      const principals = ids(3000, 'user');
      const results = await Promise.all(
        principals.map((principalId) => flags.evaluate(checkout.key, { principalId }, 'x')),
      );
      const counts = new Map<string, number>();
      results.forEach((result, index) => {
        const name = unleashVariant(checkout.variants!, principals[index]!, checkout.key);
        const value = checkout.variants!.find((variant) => variant.name === name)!.value;
        expect(result).toEqual({ value, variant: name, reason: 'variant' });
        counts.set(name, (counts.get(name) ?? 0) + 1);
      });
      expect(counts.get('never')).toBeUndefined();
      expect(counts.get('a')).toBeGreaterThan(3000 * 0.45);
      expect(counts.get('a')).toBeLessThan(3000 * 0.55);
      expect(counts.get('c')).toBeGreaterThan(3000 * 0.16);
      expect(counts.get('c')).toBeLessThan(3000 * 0.24);
    });

    it('serves the flag default with reason default when the context lacks the stickiness id', async () => {
      const flags = await provider(checkout);
      await expect(flags.evaluate(checkout.key, { tenantId: 't1' }, 'x')).resolves.toEqual({
        value: 'control',
        variant: 'control',
        reason: 'default',
      });
    });

    it('sticks to the configured context id, so all principals of a tenant share a variant', async () => {
      const flags = await provider({
        ...checkout,
        key: 'tenant-variant',
        variantStickiness: 'tenantId',
      });
      const tenants = ids(60, 'tenant');
      for (const tenantId of tenants) {
        const names = await Promise.all(
          ids(4, 'user').map(
            async (principalId) =>
              (await flags.evaluate('tenant-variant', { tenantId, principalId }, 'x')).variant,
          ),
        );
        expect(new Set(names)).toEqual(
          new Set([unleashVariant(checkout.variants!, tenantId, 'tenant-variant')]),
        );
      }
    });

    it('picks variants only inside the rollout, hashing with the rollout group id; targeting still wins', async () => {
      const flags = await provider({
        ...checkout,
        key: 'staged-variant',
        rules: [{ principalIds: ['vip'], value: 'VIP', variant: 'vip' }],
        rollout: { percentage: 40, value: 'unused', groupId: 'checkout-wave' },
      });
      const served = { inside: 0, outside: 0 };
      for (const principalId of ids(500, 'user')) {
        const result = await flags.evaluate('staged-variant', { principalId }, 'x');
        if (unleashNormalizedValue(principalId, 'checkout-wave') <= 40) {
          const name = unleashVariant(checkout.variants!, principalId, 'checkout-wave');
          expect(result).toMatchObject({ variant: name, reason: 'variant' });
          served.inside += 1;
        } else {
          expect(result).toEqual({ value: 'control', variant: 'control', reason: 'default' });
          served.outside += 1;
        }
      }
      expect(served.inside).toBeGreaterThan(0);
      expect(served.outside).toBeGreaterThan(0);
      await expect(flags.evaluate('staged-variant', { principalId: 'vip' }, 'x')).resolves.toEqual({
        value: 'VIP',
        variant: 'vip',
        reason: 'targeting',
      });
    });
  });
}
