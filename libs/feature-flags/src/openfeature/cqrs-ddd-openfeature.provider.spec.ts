import { afterAll, describe, expect, it } from '@jest/globals';
import {
  type FlagDefinition,
  InMemoryFeatureFlagProvider,
  unleashNormalizedValue,
} from '@cqrs-ddd/core';
import { uniqueName } from '@cqrs-ddd/core/testing';
import { ErrorCode, OpenFeature, StandardResolutionReasons } from '@openfeature/server-sdk';
import { CqrsDddOpenFeatureProvider } from './cqrs-ddd-openfeature.provider.js';

const flags: FlagDefinition[] = [
  { key: 'static-on', enabled: true, defaultValue: true },
  { key: 'off', enabled: false, defaultValue: true },
  {
    key: 'theme',
    enabled: true,
    defaultValue: 'light',
    defaultVariant: 'light',
    rules: [
      {
        tenantIds: ['t1'],
        roles: ['designer'],
        constraints: [
          { contextName: 'signedUpAt', operator: 'STR_STARTS_WITH', values: ['2024-'] },
        ],
        value: 'dark',
        variant: 'dark',
      },
    ],
  },
  { key: 'limit', enabled: true, defaultValue: 10, rollout: { percentage: 50, value: 20 } },
  {
    key: 'copy',
    enabled: true,
    defaultValue: 'Buy',
    variants: [
      { name: 'a', value: 'Buy now', weight: 1 },
      { name: 'b', value: 'Get it', weight: 1 },
    ],
  },
];

async function openFeatureClient() {
  const domain = uniqueName('of-provider');
  await OpenFeature.setProviderAndWait(
    domain,
    new CqrsDddOpenFeatureProvider(new InMemoryFeatureFlagProvider(flags)),
  );
  return OpenFeature.getClient(domain);
}

describe('CqrsDddOpenFeatureProvider', () => {
  afterAll(() => OpenFeature.clearProviders());

  it('serves our flags through the OpenFeature API with standard reasons', async () => {
    const client = await openFeatureClient();
    expect(client.metadata.providerMetadata.name).toBe('cqrs-ddd');
    await expect(client.getBooleanDetails('static-on', false)).resolves.toMatchObject({
      value: true,
      reason: StandardResolutionReasons.STATIC,
      flagMetadata: { cqrsDddReason: 'static' },
    });
    await expect(client.getBooleanDetails('off', false)).resolves.toMatchObject({
      value: false,
      reason: StandardResolutionReasons.DISABLED,
    });
    const designer = {
      targetingKey: 'u1',
      tenantId: 't1',
      roles: ['designer'],
      signedUpAt: new Date('2024-05-01T00:00:00Z'),
    };
    await expect(client.getStringDetails('theme', 'x', designer)).resolves.toMatchObject({
      value: 'dark',
      variant: 'dark',
      reason: StandardResolutionReasons.TARGETING_MATCH,
    });
    await expect(
      client.getStringDetails('theme', 'x', { ...designer, tenantId: 't2' }),
    ).resolves.toMatchObject({
      value: 'light',
      variant: 'light',
      reason: StandardResolutionReasons.DEFAULT,
    });
    const inside = ['a', 'b', 'c', 'd', 'e'].find(
      (id) => unleashNormalizedValue(id, 'limit') <= 50,
    )!;
    await expect(
      client.getNumberDetails('limit', 0, { targetingKey: inside }),
    ).resolves.toMatchObject({
      value: 20,
      reason: StandardResolutionReasons.SPLIT,
      flagMetadata: { cqrsDddReason: 'rollout' },
    });
    const copy = await client.getStringDetails('copy', 'x', { targetingKey: 'u1' });
    expect(copy).toMatchObject({
      reason: StandardResolutionReasons.SPLIT,
      flagMetadata: { cqrsDddReason: 'variant' },
    });
    expect(['a', 'b']).toContain(copy.variant);
  });

  it('reports unknown flags and type mismatches as OpenFeature errors with the default value', async () => {
    const client = await openFeatureClient();
    await expect(client.getBooleanDetails('missing', true)).resolves.toMatchObject({
      value: true,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    await expect(client.getStringDetails('limit', 'ten')).resolves.toMatchObject({
      value: 'ten',
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    await expect(client.getObjectDetails('theme', { a: 1 })).resolves.toMatchObject({
      value: { a: 1 },
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    await expect(client.getObjectDetails('missing', [])).resolves.toMatchObject({
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
  });
});
