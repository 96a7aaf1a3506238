import { describe, expect, it } from '@jest/globals';
import { unleashNormalizedValue } from '../../adapters/memory/flag-hash.js';
import type {
  FeatureFlagProvider,
  FlagDefinition,
  FlagEvaluationContext,
} from '../../ports/feature-flag-provider.port.js';

/** Builds a provider serving `definitions`, disposed after the test. */
export type FlagProviderBuilder = (
  ...definitions: FlagDefinition[]
) => Promise<FeatureFlagProvider>;

const subjects = (count: number, prefix = 'user') =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

/** Principal ids among `ids` for which boolean flag `flagKey` evaluates to true. */
async function servedShare(
  flags: FeatureFlagProvider,
  flagKey: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const results = await Promise.all(
    ids.map((principalId) => flags.evaluate(flagKey, { principalId }, false)),
  );
  return new Set(ids.filter((_, index) => results[index]!.value));
}

/**
 * Feature flag contract cases: deterministic, proportional, monotonic percentage rollouts that
 * put exactly the subjects inside that Unleash's `flexibleRollout` would.
 */
export function describeFeatureFlagRolloutCases(provider: FlagProviderBuilder): void {
  describe('percentage rollout', () => {
    const rolloutFlag = (percentage: number, key = 'rollout-flag'): FlagDefinition<boolean> => ({
      key,
      enabled: true,
      defaultValue: false,
      rollout: { percentage, value: true, variant: 'on' },
    });

    it('serves nobody at 0% and everybody at 100%', async () => {
      const ids = subjects(300);
      const none = await provider(rolloutFlag(0));
      expect((await servedShare(none, 'rollout-flag', ids)).size).toBe(0);
      const all = await provider(rolloutFlag(100));
      expect((await servedShare(all, 'rollout-flag', ids)).size).toBe(ids.length);
      await expect(all.evaluate('rollout-flag', { principalId: 'x' }, false)).resolves.toEqual({
        value: true,
        variant: 'on',
        reason: 'rollout',
      });
      await expect(none.evaluate('rollout-flag', { principalId: 'x' }, true)).resolves.toEqual({
        value: false,
        reason: 'default',
      });
    });

    it("puts exactly the subjects inside that Unleash's flexibleRollout does", async () => {
      const ids = subjects(1000);
      const served = await servedShare(await provider(rolloutFlag(30)), 'rollout-flag', ids);
      const unleash = ids.filter((id) => unleashNormalizedValue(id, 'rollout-flag') <= 30);
      expect([...served]).toEqual(unleash);
    });

    it('rolls flags sharing a group id out to the same subjects', async () => {
      const ids = subjects(400);
      const grouped = (key: string): FlagDefinition<boolean> => ({
        key,
        enabled: true,
        defaultValue: false,
        rollout: { percentage: 50, value: true, groupId: 'wave-1' },
      });
      const flags = await provider(grouped('grouped-a'), grouped('grouped-b'));
      const a = await servedShare(flags, 'grouped-a', ids);
      const b = await servedShare(flags, 'grouped-b', ids);
      expect([...b]).toEqual([...a]);
      expect([...a]).toEqual(ids.filter((id) => unleashNormalizedValue(id, 'wave-1') <= 50));
    });

    it('buckets by an attribute when configured, reading numbers as their string form', async () => {
      const flags = await provider({
        key: 'account-rollout',
        enabled: true,
        defaultValue: false,
        rollout: { percentage: 50, value: true, bucketBy: 'accountId' },
      });
      const accounts = Array.from({ length: 100 }, (_, index) => index + 1);
      for (const accountId of accounts) {
        const expected = unleashNormalizedValue(String(accountId), 'account-rollout') <= 50;
        const results = await Promise.all([
          flags.evaluate(
            'account-rollout',
            { principalId: 'p1', attributes: { accountId } },
            false,
          ),
          flags.evaluate(
            'account-rollout',
            { principalId: 'p2', attributes: { accountId: String(accountId) } },
            false,
          ),
        ]);
        expect(results.map((result) => result.value)).toEqual([expected, expected]);
      }
      await expect(
        flags.evaluate('account-rollout', { principalId: 'p1' }, false),
      ).resolves.toEqual({ value: false, reason: 'default' });
    });

    it('serves about the configured share of subjects (30% of 2000 within 25-35%)', async () => {
      const flags = await provider(rolloutFlag(30));
      const served = await servedShare(flags, 'rollout-flag', subjects(2000));
      expect(served.size).toBeGreaterThanOrEqual(500);
      expect(served.size).toBeLessThanOrEqual(700);
    });

    it('is deterministic: the same subject gets the same answer every time and on every instance', async () => {
      const ids = subjects(200);
      const first = await provider(rolloutFlag(50));
      const second = await provider(rolloutFlag(50));
      const a = await servedShare(first, 'rollout-flag', ids);
      const b = await servedShare(first, 'rollout-flag', ids);
      const c = await servedShare(second, 'rollout-flag', ids);
      expect([...b]).toEqual([...a]);
      expect([...c]).toEqual([...a]);
      expect(a.size).toBeGreaterThan(0);
      expect(a.size).toBeLessThan(ids.length);
    });

    it('only adds subjects when the percentage rises', async () => {
      const ids = subjects(1000);
      const at30 = await servedShare(await provider(rolloutFlag(30)), 'rollout-flag', ids);
      const at60 = await servedShare(await provider(rolloutFlag(60)), 'rollout-flag', ids);
      expect(at60.size).toBeGreaterThan(at30.size);
      for (const id of at30) expect(at60.has(id)).toBe(true);
    });

    it('buckets each flag independently', async () => {
      const ids = subjects(400);
      const flags = await provider(rolloutFlag(50, 'flag-a'), rolloutFlag(50, 'flag-b'));
      const a = await servedShare(flags, 'flag-a', ids);
      const b = await servedShare(flags, 'flag-b', ids);
      expect([...a].sort()).not.toEqual([...b].sort());
    });

    it('leaves a context without the rollout subject id outside the rollout', async () => {
      const flags = await provider(rolloutFlag(100));
      await expect(flags.evaluate('rollout-flag', { tenantId: 't1' }, false)).resolves.toEqual({
        value: false,
        reason: 'default',
      });
    });

    it('buckets by tenant when configured, so all principals of a tenant agree', async () => {
      const flags = await provider({
        key: 'tenant-rollout',
        enabled: true,
        defaultValue: 'old',
        rollout: { percentage: 50, value: 'new', bucketBy: 'tenantId' },
      });
      const tenants = subjects(100, 'tenant');
      const answers = await Promise.all(
        tenants.map(async (tenantId) => {
          const values = await Promise.all(
            subjects(5).map((principalId) =>
              flags.evaluate('tenant-rollout', { tenantId, principalId }, 'x'),
            ),
          );
          return new Set(values.map((result) => result.value));
        }),
      );
      for (const values of answers) expect(values.size).toBe(1);
      const servedNew = answers.filter((values) => values.has('new')).length;
      expect(servedNew).toBeGreaterThan(0);
      expect(servedNew).toBeLessThan(tenants.length);
      const noTenant: FlagEvaluationContext = { principalId: 'p1' };
      await expect(flags.evaluate('tenant-rollout', noTenant, 'x')).resolves.toEqual({
        value: 'old',
        reason: 'default',
      });
    });
  });
}
