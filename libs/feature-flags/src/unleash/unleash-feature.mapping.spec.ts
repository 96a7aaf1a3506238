import { describe, expect, it } from '@jest/globals';
import { type FlagDefinition, isValidationError, type ValidationError } from '@cqrs-ddd/core';
import { toUnleashContext } from './unleash-context.mapping.js';
import { toUnleashFeature } from './unleash-feature.mapping.js';

function rejection(definition: FlagDefinition<boolean>): ValidationError {
  try {
    toUnleashFeature(definition);
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('toUnleashFeature', () => {
  it('writes rules, negated deny rules, the rollout and the default as Unleash strategies', () => {
    const feature = toUnleashFeature({
      key: 'new-checkout',
      enabled: true,
      defaultValue: true,
      defaultVariant: 'classic',
      rules: [
        { tenantIds: ['t9'], roles: ['viewer'], value: false },
        { principalIds: ['u1', 'u2'], value: true, variant: 'vip' },
      ],
      rollout: { percentage: 25, value: true, bucketBy: 'tenantId', groupId: 'wave' },
    });
    expect(feature).toMatchObject({ name: 'new-checkout', enabled: true, variants: [] });
    const notT9 = { contextName: 'tenantId', operator: 'IN', values: ['t9'], inverted: true };
    const notViewer = {
      contextName: 'roles',
      operator: 'STR_CONTAINS',
      values: [',viewer,'],
      inverted: true,
    };
    const vip = { contextName: 'userId', operator: 'IN', values: ['u1', 'u2'], inverted: false };
    const rollout = {
      name: 'flexibleRollout',
      parameters: { rollout: '25', stickiness: 'tenantId', groupId: 'wave' },
    };
    const classic = [{ name: 'classic', weight: 1000, stickiness: 'default' }];
    expect(feature.strategies).toEqual([
      {
        name: 'default',
        parameters: {},
        constraints: [notT9, vip],
        variants: [{ name: 'vip', weight: 1000, stickiness: 'default' }],
      },
      {
        name: 'default',
        parameters: {},
        constraints: [notViewer, vip],
        variants: [{ name: 'vip', weight: 1000, stickiness: 'default' }],
      },
      { ...rollout, constraints: [notT9], variants: [] },
      { name: 'default', parameters: {}, constraints: [notT9], variants: classic },
      { ...rollout, constraints: [notViewer], variants: [] },
      { name: 'default', parameters: {}, constraints: [notViewer], variants: classic },
    ]);
  });

  it('uses userWithId for a plain user list and never leaves a feature without strategies', () => {
    expect(
      toUnleashFeature({
        key: 'beta',
        enabled: true,
        defaultValue: false,
        rules: [{ principalIds: ['u1', 'u2'], value: true }],
      }).strategies,
    ).toEqual([
      { name: 'userWithId', parameters: { userIds: 'u1,u2' }, constraints: [], variants: [] },
    ]);
    expect(toUnleashFeature({ key: 'off', enabled: true, defaultValue: false }).strategies).toEqual(
      [
        {
          name: 'flexibleRollout',
          parameters: { rollout: '0', stickiness: 'default', groupId: 'off' },
          constraints: [],
          variants: [],
        },
      ],
    );
  });

  it('refuses definitions Unleash would answer differently, saying why', () => {
    const error = rejection({
      key: 'odd',
      enabled: true,
      defaultValue: true,
      rules: [
        { roles: ['a,b'], principalIds: [' u1'], attributes: { userId: 'x' }, value: true },
        { constraints: [{ contextName: 'appName', operator: 'IN', values: ['x'] }], value: true },
      ],
      rollout: { percentage: 10, value: false, bucketBy: 'sessionId' },
    });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'rules.0.principalIds',
      'rules.0.roles',
      'rules.0.attributes.userId',
      'rules.1.constraints.0.contextName',
      'rollout.bucketBy',
      'rollout.value',
    ]);
    expect(new Set(error.issues.map((issue) => issue.rule))).toEqual(new Set(['unleashPortable']));
    const variants = rejection({
      key: 'v',
      enabled: true,
      defaultValue: false,
      variants: [{ name: 'off', value: false, weight: 1 }],
    });
    expect(variants.issues).toEqual([expect.objectContaining({ path: 'variants.0.value' })]);
    expect(rejection({ key: '', enabled: true, defaultValue: true }).issues[0]!.path).toBe(
      'flags.0.key',
    );
  });
});

describe('toUnleashContext', () => {
  it('maps the principal to userId and the rest to properties', () => {
    expect(
      toUnleashContext({
        principalId: 'u1',
        tenantId: 't1',
        roles: ['admin', 'ops'],
        attributes: { plan: 'pro', seats: 3, trial: false, currentTime: '2024-01-01T00:00:00Z' },
      }),
    ).toEqual({
      userId: 'u1',
      currentTime: new Date('2024-01-01T00:00:00Z'),
      properties: {
        tenantId: 't1',
        roles: ',admin,ops,',
        plan: 'pro',
        seats: '3',
        trial: 'false',
        currentTime: '2024-01-01T00:00:00Z',
      },
    });
    expect(toUnleashContext({ roles: [] })).toEqual({ properties: {} });
  });
});
