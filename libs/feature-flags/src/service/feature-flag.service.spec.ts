import { describe, expect, it } from '@jest/globals';
import { InMemoryFeatureFlagProvider, type Principal, runInContext } from '@cqrs-ddd/core';
import { FeatureFlagService } from './feature-flag.service.js';
import { callerFlagContext, flagContextOf } from './flag-context.js';

const ann: Principal = {
  id: 'ann',
  tenantId: 'acme',
  roles: ['beta-tester'],
  attributes: {
    plan: 'pro',
    seats: 10,
    trial: false,
    tags: ['x'],
    nested: { a: 1 },
    nan: Number.NaN,
  },
  authMethod: 'jwt',
};

const service = new FeatureFlagService(
  new InMemoryFeatureFlagProvider([
    { key: 'on', enabled: true, defaultValue: true },
    { key: 'off', enabled: false, defaultValue: true },
    {
      key: 'pro-only',
      enabled: true,
      defaultValue: false,
      rules: [{ attributes: { plan: 'pro' }, value: true }],
    },
    {
      key: 'acme-theme',
      enabled: true,
      defaultValue: 'plain',
      defaultVariant: 'control',
      rules: [{ tenantIds: ['acme'], value: 'ocean', variant: 'ocean' }],
    },
    { key: 'page-size', enabled: true, defaultValue: 50 },
    {
      key: 'testers',
      enabled: true,
      defaultValue: false,
      rules: [{ roles: ['beta-tester'], value: true }],
    },
  ]),
);

describe('flag evaluation context from the request context', () => {
  it("takes the tenant, the principal's id and roles, and its scalar attributes", () => {
    expect(flagContextOf({ tenantId: 'acme', principal: ann })).toEqual({
      tenantId: 'acme',
      principalId: 'ann',
      roles: ['beta-tester'],
      attributes: { plan: 'pro', seats: 10, trial: false },
    });
    expect(flagContextOf({ actorId: 'worker-7' })).toEqual({ principalId: 'worker-7' });
    expect(flagContextOf(undefined)).toEqual({});
  });

  it('lets explicit fields override, merging attributes', async () => {
    const context = await runInContext({ tenantId: 'acme', principal: ann }, async () =>
      callerFlagContext({ tenantId: 'globex', attributes: { plan: 'free', region: 'eu' } }),
    );
    expect(context).toEqual({
      tenantId: 'globex',
      principalId: 'ann',
      roles: ['beta-tester'],
      attributes: { plan: 'free', seats: 10, trial: false, region: 'eu' },
    });
    expect(callerFlagContext()).toEqual({});
  });
});

describe('FeatureFlagService', () => {
  it('evaluates for the caller and treats unknown or disabled flags as off', async () => {
    await runInContext({ tenantId: 'acme', principal: ann }, async () => {
      await expect(service.isEnabled('on')).resolves.toBe(true);
      await expect(service.isEnabled('pro-only')).resolves.toBe(true);
      await expect(service.isEnabled('pro-only', { attributes: { plan: 'free' } })).resolves.toBe(
        false,
      );
      await expect(service.isEnabled('off')).resolves.toBe(false);
      await expect(service.isEnabled('missing')).resolves.toBe(false);
      await expect(service.isEnabled('testers')).resolves.toBe(true);
      await expect(service.isEnabled('testers', { roles: ['other'] })).resolves.toBe(false);
      await expect(service.evaluate('acme-theme', 'none')).resolves.toEqual({
        value: 'ocean',
        variant: 'ocean',
        reason: 'targeting',
      });
    });
    await expect(service.isEnabled('pro-only')).resolves.toBe(false);
  });

  it('reports the variant of flags of any type', async () => {
    await runInContext({ tenantId: 'acme', principal: ann }, async () => {
      await expect(service.getVariant('acme-theme')).resolves.toEqual({
        enabled: true,
        name: 'ocean',
        value: 'ocean',
      });
      await expect(service.getVariant('acme-theme', { tenantId: 'globex' })).resolves.toEqual({
        enabled: true,
        name: 'control',
        value: 'plain',
      });
      await expect(service.getVariant('page-size')).resolves.toEqual({ enabled: true, value: 50 });
      await expect(service.getVariant('on')).resolves.toEqual({ enabled: true, value: true });
      await expect(
        service.getVariant('pro-only', { attributes: { plan: 'free' } }),
      ).resolves.toEqual({
        enabled: false,
        value: false,
      });
      await expect(service.getVariant('off')).resolves.toEqual({ enabled: false });
      await expect(service.getVariant('missing')).resolves.toEqual({ enabled: false });
    });
  });
});
