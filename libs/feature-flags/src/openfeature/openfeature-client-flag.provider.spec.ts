import { afterAll, describe, expect, it } from '@jest/globals';
import { InMemoryFeatureFlagProvider } from '@cqrs-ddd/core';
import { describeFeatureFlagProviderContract, uniqueName } from '@cqrs-ddd/core/testing';
import { InMemoryProvider, OpenFeature, type Provider } from '@openfeature/server-sdk';
import { CqrsDddOpenFeatureProvider } from './cqrs-ddd-openfeature.provider.js';
import { OpenFeatureClientFlagProvider } from './openfeature-client-flag.provider.js';

/** A client of a fresh OpenFeature domain served by `provider`. */
async function clientOf(provider: Provider) {
  const domain = uniqueName('of-client');
  await OpenFeature.setProviderAndWait(domain, provider);
  return OpenFeature.getClient(domain);
}

afterAll(() => OpenFeature.clearProviders());

describeFeatureFlagProviderContract(
  'OpenFeatureClientFlagProvider over CqrsDddOpenFeatureProvider',
  () => ({
    adapter: async (definitions) =>
      new OpenFeatureClientFlagProvider(
        await clientOf(
          new CqrsDddOpenFeatureProvider(new InMemoryFeatureFlagProvider(definitions)),
        ),
      ),
  }),
);

describe('OpenFeatureClientFlagProvider over another OpenFeature provider', () => {
  it('maps standard reasons, errors and foreign value types', async () => {
    const flags = new OpenFeatureClientFlagProvider(
      await clientOf(
        new InMemoryProvider({
          'new-ui': { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false },
          paused: { variants: { on: true, off: false }, defaultVariant: 'on', disabled: true },
          beta: {
            variants: { in: true, out: false },
            defaultVariant: 'out',
            disabled: false,
            contextEvaluator: (context) =>
              context['tenantId'] === 't1' && context.targetingKey === 'u1' ? 'in' : 'out',
          },
          rows: { variants: { many: 100 }, defaultVariant: 'many', disabled: false },
        }),
      ),
    );
    await expect(flags.evaluate('new-ui', {}, false)).resolves.toEqual({
      value: true,
      variant: 'on',
      reason: 'static',
    });
    await expect(flags.evaluate('paused', {}, false)).resolves.toMatchObject({
      value: false,
      reason: 'disabled',
    });
    await expect(
      flags.evaluate('beta', { tenantId: 't1', principalId: 'u1' }, false),
    ).resolves.toEqual({
      value: true,
      variant: 'in',
      reason: 'targeting',
    });
    await expect(flags.evaluate('missing', {}, 'x')).resolves.toEqual({
      value: 'x',
      reason: 'unknown-flag',
    });
    await expect(flags.evaluate('rows', {}, 'ten')).resolves.toEqual({
      value: 'ten',
      reason: 'type-mismatch',
    });
    await expect(flags.evaluate('rows', {}, 1)).resolves.toMatchObject({ value: 100 });
  });
});
