import { describe, expect, it } from '@jest/globals';
import type {
  FeatureFlagProvider,
  FlagDefinition,
} from '../../ports/feature-flag-provider.port.js';
import { useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';
import { describeFeatureFlagRolloutCases } from './feature-flag-rollout.contract.js';
import { describeFeatureFlagTargetingCases } from './feature-flag-targeting.contract.js';
import { describeFeatureFlagVariantCases } from './feature-flag-variants.contract.js';

/**
 * What `describeFeatureFlagProviderContract` needs per test: `adapter` builds a provider
 * serving exactly `definitions` (an adapter for a remote flag service provisions them there
 * first). A test may build several providers; `dispose` releases them all.
 */
export type FeatureFlagProviderContractSubject = ContractSubject<
  (definitions: readonly FlagDefinition[]) => FeatureFlagProvider | Promise<FeatureFlagProvider>
>;

/**
 * Contract every {@link FeatureFlagProvider} adapter must pass: fallbacks and their reasons,
 * targeting precedence, roles and Unleash-style constraints, rollouts and weighted variants
 * that bucket subjects exactly like Unleash's SDKs.
 */
export function describeFeatureFlagProviderContract(
  name: string,
  factory: ContractFactory<FeatureFlagProviderContractSubject>,
): void {
  describe(`FeatureFlagProvider contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const provider = async (...definitions: FlagDefinition[]) => subject().adapter(definitions);

    describe('fallbacks', () => {
      it('serves the caller default with reason unknown-flag for an unknown flag, for every type', async () => {
        const flags = await provider();
        await expect(flags.evaluate('nope', {}, true)).resolves.toEqual({
          value: true,
          reason: 'unknown-flag',
        });
        await expect(flags.evaluate('nope', { tenantId: 't1' }, 'blue')).resolves.toEqual({
          value: 'blue',
          reason: 'unknown-flag',
        });
        await expect(flags.evaluate('nope', {}, 42)).resolves.toEqual({
          value: 42,
          reason: 'unknown-flag',
        });
      });

      it('serves the caller default with reason disabled when the flag is off, even if a rule matches', async () => {
        const flags = await provider({
          key: 'beta',
          enabled: false,
          defaultValue: true,
          rules: [{ tenantIds: ['t1'], value: true }],
          rollout: { percentage: 100, value: true },
        });
        await expect(
          flags.evaluate('beta', { tenantId: 't1', principalId: 'p1' }, false),
        ).resolves.toEqual({ value: false, reason: 'disabled' });
      });

      it('serves the caller default with reason type-mismatch when the flag has another type', async () => {
        const flags = await provider({ key: 'limit', enabled: true, defaultValue: 10 });
        await expect(flags.evaluate('limit', {}, 'ten')).resolves.toEqual({
          value: 'ten',
          reason: 'type-mismatch',
        });
        await expect(flags.evaluate('limit', {}, false)).resolves.toEqual({
          value: false,
          reason: 'type-mismatch',
        });
      });
    });

    describe('static values', () => {
      it('serves the flag default with reason static for boolean, string and number flags', async () => {
        const flags = await provider(
          { key: 'dark-mode', enabled: true, defaultValue: true },
          { key: 'theme', enabled: true, defaultValue: 'ocean', defaultVariant: 'ocean-v2' },
          { key: 'page-size', enabled: true, defaultValue: 25 },
          { key: 'kill-switch', enabled: true, defaultValue: false },
        );
        await expect(flags.evaluate('dark-mode', {}, false)).resolves.toEqual({
          value: true,
          reason: 'static',
        });
        await expect(flags.evaluate('theme', { tenantId: 't1' }, 'plain')).resolves.toEqual({
          value: 'ocean',
          variant: 'ocean-v2',
          reason: 'static',
        });
        await expect(flags.evaluate('page-size', {}, 10)).resolves.toEqual({
          value: 25,
          reason: 'static',
        });
        await expect(flags.evaluate('kill-switch', {}, true)).resolves.toEqual({
          value: false,
          reason: 'static',
        });
      });

      it('offers isEnabled as a boolean shorthand that fails closed for unknown flags', async () => {
        const flags = await provider({ key: 'on', enabled: true, defaultValue: true });
        await expect(flags.isEnabled('on', {})).resolves.toBe(true);
        await expect(flags.isEnabled('missing', {})).resolves.toBe(false);
        await expect(flags.isEnabled('missing', {}, true)).resolves.toBe(true);
      });
    });

    describe('targeting', () => {
      const targeted: FlagDefinition<string> = {
        key: 'checkout',
        enabled: true,
        defaultValue: 'classic',
        rules: [
          { principalIds: ['vip-1', 'vip-2'], value: 'express', variant: 'vip' },
          {
            tenantIds: ['t-beta'],
            attributes: { plan: 'pro' },
            value: 'one-click',
            variant: 'beta-pro',
          },
          { tenantIds: ['t-beta'], value: 'new', variant: 'beta' },
          { attributes: { region: 'eu', seats: 10 }, value: 'eu-flow' },
        ],
      };

      it('matches principal ids, tenant ids and attributes', async () => {
        const flags = await provider(targeted);
        await expect(flags.evaluate('checkout', { principalId: 'vip-2' }, 'x')).resolves.toEqual({
          value: 'express',
          variant: 'vip',
          reason: 'targeting',
        });
        await expect(flags.evaluate('checkout', { tenantId: 't-beta' }, 'x')).resolves.toEqual({
          value: 'new',
          variant: 'beta',
          reason: 'targeting',
        });
        await expect(
          flags.evaluate('checkout', { attributes: { region: 'eu', seats: 10, extra: true } }, 'x'),
        ).resolves.toEqual({ value: 'eu-flow', reason: 'targeting' });
      });

      it('requires every condition of a rule (AND) and serves the first matching rule', async () => {
        const flags = await provider(targeted);
        const proBeta = await flags.evaluate(
          'checkout',
          { tenantId: 't-beta', attributes: { plan: 'pro' } },
          'x',
        );
        expect(proBeta).toEqual({ value: 'one-click', variant: 'beta-pro', reason: 'targeting' });
        const vipInBeta = await flags.evaluate(
          'checkout',
          { tenantId: 't-beta', principalId: 'vip-1', attributes: { plan: 'pro' } },
          'x',
        );
        expect(vipInBeta.value).toBe('express');
        const proElsewhere = await flags.evaluate(
          'checkout',
          { tenantId: 't-other', attributes: { plan: 'pro' } },
          'x',
        );
        expect(proElsewhere).toEqual({ value: 'classic', reason: 'default' });
      });

      it('compares attributes strictly (the number 10 is not the string "10")', async () => {
        const flags = await provider(targeted);
        const result = await flags.evaluate(
          'checkout',
          { attributes: { region: 'eu', seats: '10' } },
          'x',
        );
        expect(result).toEqual({ value: 'classic', reason: 'default' });
        const partial = await flags.evaluate('checkout', { attributes: { region: 'eu' } }, 'x');
        expect(partial.reason).toBe('default');
      });

      it('serves the flag default with reason default when no rule matches or the context is empty', async () => {
        const flags = await provider(targeted);
        await expect(flags.evaluate('checkout', {}, 'x')).resolves.toEqual({
          value: 'classic',
          reason: 'default',
        });
        await expect(
          flags.evaluate('checkout', { tenantId: 'someone', principalId: 'vip-3' }, 'x'),
        ).resolves.toEqual({ value: 'classic', reason: 'default' });
      });

      it('applies targeting before the rollout', async () => {
        const flags = await provider({
          key: 'new-ui',
          enabled: true,
          defaultValue: false,
          rules: [{ principalIds: ['blocked'], value: false, variant: 'holdout' }],
          rollout: { percentage: 100, value: true },
        });
        await expect(flags.evaluate('new-ui', { principalId: 'blocked' }, true)).resolves.toEqual({
          value: false,
          variant: 'holdout',
          reason: 'targeting',
        });
        await expect(flags.evaluate('new-ui', { principalId: 'other' }, false)).resolves.toEqual({
          value: true,
          reason: 'rollout',
        });
      });
    });

    describeFeatureFlagTargetingCases(provider);
    describeFeatureFlagRolloutCases(provider);
    describeFeatureFlagVariantCases(provider);
  });
}
