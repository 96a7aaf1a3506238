import { afterEach, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { InMemStorageProvider, PayloadType, type UnleashConfig } from 'unleash-client';
import { UnleashApiServerFixture } from './unleash-api-server.fixture.js';
import { UnleashFeatureFlagProvider } from './unleash-feature-flag.provider.js';
import { toUnleashFeature, type UnleashFeature } from './unleash-feature.mapping.js';
import { isUnleashUnavailableError } from './unleash-unavailable.error.js';

/** A feature serving string and number payloads the way an Unleash admin configures them. */
const checkoutCopy: UnleashFeature = {
  name: 'checkout-copy',
  enabled: true,
  strategies: [
    {
      name: 'flexibleRollout',
      parameters: { rollout: '100', stickiness: 'userId', groupId: 'checkout-copy' },
      constraints: [],
      variants: [
        {
          name: 'bold',
          weight: 1000,
          stickiness: 'userId',
          payload: { type: PayloadType.STRING, value: 'Buy now!' },
        },
      ],
    },
  ],
};
const pageSize: UnleashFeature = {
  name: 'page-size',
  enabled: true,
  strategies: [{ name: 'default', parameters: {}, constraints: [] }],
  variants: [{ name: 'large', weight: 1000, payload: { type: PayloadType.NUMBER, value: '50' } }],
};

describe('UnleashFeatureFlagProvider (real unleash-client against a local Unleash API)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serve(features: UnleashFeature[], token?: string) {
    const server = await UnleashApiServerFixture.start(
      features,
      token === undefined ? {} : { token },
    );
    cleanups.push(() => server.close());
    return server;
  }

  async function start(server: UnleashApiServerFixture, config: Partial<UnleashConfig> = {}) {
    const provider = await UnleashFeatureFlagProvider.start({
      appName: 'flags-int-spec',
      url: server.url,
      disableMetrics: true,
      refreshInterval: 50,
      storageProvider: new InMemStorageProvider(),
      ...config,
    });
    cleanups.push(() => provider.close());
    return provider;
  }

  it('answers boolean flags with Unleash: unknown, disabled, on, off and variants', async () => {
    const server = await serve([
      toUnleashFeature({ key: 'off-switch', enabled: false, defaultValue: true }),
      toUnleashFeature({
        key: 'staff-tools',
        enabled: true,
        defaultValue: false,
        rules: [
          { roles: ['admin'], value: true, variant: 'staff' },
          { tenantIds: ['t1'], value: true },
        ],
      }),
    ]);
    const flags = await start(server);
    await expect(flags.evaluate('missing', {}, true)).resolves.toEqual({
      value: true,
      reason: 'unknown-flag',
    });
    await expect(flags.evaluate('off-switch', {}, false)).resolves.toEqual({
      value: false,
      reason: 'disabled',
    });
    await expect(
      flags.evaluate('staff-tools', { roles: ['viewer', 'admin'] }, false),
    ).resolves.toEqual({
      value: true,
      variant: 'staff',
      reason: 'variant',
    });
    await expect(flags.evaluate('staff-tools', { tenantId: 't1' }, false)).resolves.toEqual({
      value: true,
      reason: 'targeting',
    });
    await expect(
      flags.isEnabled('staff-tools', { roles: ['super-admin'], tenantId: 't2' }),
    ).resolves.toBe(false);
  });

  it('serves string and number flags from variant payloads, refusing other types', async () => {
    const flags = await start(await serve([checkoutCopy, pageSize]));
    await expect(flags.evaluate('checkout-copy', { principalId: 'u1' }, 'Buy')).resolves.toEqual({
      value: 'Buy now!',
      variant: 'bold',
      reason: 'variant',
    });
    await expect(flags.evaluate('checkout-copy', {}, 'Buy')).resolves.toEqual({
      value: 'Buy',
      reason: 'default',
    });
    await expect(flags.evaluate('page-size', {}, 20)).resolves.toEqual({
      value: 50,
      variant: 'large',
      reason: 'variant',
    });
    await expect(flags.evaluate('page-size', {}, 'twenty')).resolves.toEqual({
      value: 'twenty',
      reason: 'type-mismatch',
    });
    await expect(flags.evaluate('checkout-copy', { principalId: 'u1' }, 7)).resolves.toEqual({
      value: 7,
      reason: 'type-mismatch',
    });
  });

  it('picks up changes made on the server at the next poll', async () => {
    const server = await serve([
      toUnleashFeature({ key: 'launch', enabled: true, defaultValue: false }),
    ]);
    const flags = await start(server);
    await expect(flags.isEnabled('launch', {})).resolves.toBe(false);
    server.setFeatures([toUnleashFeature({ key: 'launch', enabled: true, defaultValue: true })]);
    await expect(pollUntil(() => flags.isEnabled('launch', {}), Boolean)).resolves.toBe(true);
  });

  it('registers with the API token when metrics are on', async () => {
    const server = await serve([pageSize], 'secret-token');
    const flags = await start(server, {
      disableMetrics: false,
      customHeaders: { Authorization: 'secret-token' },
    });
    await expect(flags.evaluate('page-size', {}, 1)).resolves.toMatchObject({ value: 50 });
    const registrations = await pollUntil(
      async () => server.requestsTo('/client/register'),
      (requests) => requests.length > 0,
    );
    expect(registrations[0]!.body).toMatchObject({ appName: 'flags-int-spec' });
    expect(registrations[0]!.headers.authorization).toBe('secret-token');
  });

  it('fails to start with UnleashUnavailableError on a rejected token or an unreachable server', async () => {
    const server = await serve([pageSize], 'secret-token');
    const rejected = await start(server, { customHeaders: { Authorization: 'wrong' } }).catch(
      (error: unknown) => error,
    );
    expect(isUnleashUnavailableError(rejected)).toBe(true);
    expect((rejected as Error).message).toContain(server.url);
    const closed = await UnleashApiServerFixture.start();
    const url = closed.url;
    await closed.close();
    const unreachable = await start(server, { url }).catch((error: unknown) => error);
    expect(isUnleashUnavailableError(unreachable)).toBe(true);
    expect((unreachable as Error).message).toContain(url);
  });
});
