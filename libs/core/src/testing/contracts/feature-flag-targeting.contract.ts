import { describe, expect, it } from '@jest/globals';
import type {
  FlagConstraint,
  FlagDefinition,
  FlagEvaluationContext,
} from '../../ports/feature-flag-provider.port.js';
import type { FlagProviderBuilder } from './feature-flag-rollout.contract.js';

/** A constraint and whether it holds for each context (given as attributes unless stated). */
interface ConstraintCase {
  readonly constraint: FlagConstraint;
  readonly holds: readonly FlagEvaluationContext[];
  readonly fails: readonly FlagEvaluationContext[];
}

const attrs = (attributes: FlagEvaluationContext['attributes']) => ({ attributes });

/** One case per operator family, with Unleash's outcomes for missing fields and inversion. */
const constraintCases: readonly ConstraintCase[] = [
  {
    constraint: { contextName: 'plan', operator: 'IN', values: ['pro', ' team '] },
    holds: [attrs({ plan: 'pro' }), attrs({ plan: 'team' })],
    fails: [attrs({ plan: 'free' }), attrs({ plan: 'Pro' }), {}],
  },
  {
    constraint: { contextName: 'seats', operator: 'IN', values: ['10'] },
    holds: [attrs({ seats: 10 }), attrs({ seats: '10' })],
    fails: [attrs({ seats: 100 })],
  },
  {
    constraint: { contextName: 'plan', operator: 'NOT_IN', values: ['free'] },
    holds: [attrs({ plan: 'pro' }), {}],
    fails: [attrs({ plan: 'free' })],
  },
  {
    constraint: { contextName: 'plan', operator: 'IN', values: ['free'], inverted: true },
    holds: [attrs({ plan: 'pro' }), {}],
    fails: [attrs({ plan: 'free' })],
  },
  {
    constraint: { contextName: 'tenantId', operator: 'IN', values: ['t1', 't2'] },
    holds: [{ tenantId: 't2' }],
    fails: [{ tenantId: 't3' }, attrs({ tenant: 't1' })],
  },
  {
    constraint: { contextName: 'principalId', operator: 'STR_STARTS_WITH', values: ['svc-'] },
    holds: [{ principalId: 'svc-billing' }],
    fails: [{ principalId: 'user-svc-1' }, {}],
  },
  {
    constraint: { contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@acme.com'] },
    holds: [attrs({ email: 'ann@acme.com' })],
    fails: [attrs({ email: 'ANN@ACME.COM' }), attrs({ email: 'ann@acme.com.evil' }), {}],
  },
  {
    constraint: {
      contextName: 'email',
      operator: 'STR_ENDS_WITH',
      values: ['@Acme.com'],
      caseInsensitive: true,
    },
    holds: [attrs({ email: 'ANN@ACME.COM' }), attrs({ email: 'ann@acme.com' })],
    fails: [attrs({ email: 'ann@acme.co' }), {}],
  },
  {
    constraint: {
      contextName: 'email',
      operator: 'STR_CONTAINS',
      values: ['test'],
      inverted: true,
    },
    holds: [attrs({ email: 'ann@acme.com' }), {}],
    fails: [attrs({ email: 'qa+test@acme.com' })],
  },
  {
    constraint: { contextName: 'seats', operator: 'NUM_GT', value: '10' },
    holds: [attrs({ seats: 11 }), attrs({ seats: '10.5' })],
    fails: [attrs({ seats: 10 }), attrs({ seats: 'many' }), {}],
  },
  {
    constraint: { contextName: 'seats', operator: 'NUM_GTE', value: '10' },
    holds: [attrs({ seats: 10 })],
    fails: [attrs({ seats: 9.99 })],
  },
  {
    constraint: { contextName: 'seats', operator: 'NUM_LT', value: '-1' },
    holds: [attrs({ seats: -2 })],
    fails: [attrs({ seats: -1 }), {}],
  },
  {
    constraint: { contextName: 'seats', operator: 'NUM_LTE', value: '5' },
    holds: [attrs({ seats: 5 }), attrs({ seats: '4' })],
    fails: [attrs({ seats: 6 })],
  },
  {
    constraint: { contextName: 'ratio', operator: 'NUM_EQ', value: '1.5' },
    holds: [attrs({ ratio: 1.5 }), attrs({ ratio: '1.50' })],
    fails: [attrs({ ratio: 1.51 }), attrs({ ratio: true })],
  },
  {
    constraint: {
      contextName: 'currentTime',
      operator: 'DATE_AFTER',
      value: '2024-01-01T00:00:00Z',
    },
    holds: [attrs({ currentTime: '2024-06-01T00:00:00Z' }), {}],
    fails: [attrs({ currentTime: '2023-06-01T00:00:00Z' })],
  },
  {
    constraint: {
      contextName: 'currentTime',
      operator: 'DATE_BEFORE',
      value: '2024-01-01T00:00:00Z',
    },
    holds: [attrs({ currentTime: Date.parse('2023-12-31T23:59:59Z') })],
    fails: [attrs({ currentTime: '2024-01-01T00:00:01Z' }), {}],
  },
  {
    constraint: { contextName: 'appVersion', operator: 'SEMVER_GT', value: '1.2.3' },
    holds: [attrs({ appVersion: '1.10.0' }), attrs({ appVersion: '2.0.0-rc.1' })],
    fails: [
      attrs({ appVersion: '1.2.3' }),
      attrs({ appVersion: 'v2.0.0' }),
      attrs({ appVersion: 'new' }),
      {},
    ],
  },
  {
    constraint: { contextName: 'appVersion', operator: 'SEMVER_EQ', value: '2.0.0-beta.1' },
    holds: [attrs({ appVersion: '2.0.0-beta.1' })],
    fails: [attrs({ appVersion: '2.0.0' })],
  },
  {
    constraint: {
      contextName: 'appVersion',
      operator: 'SEMVER_LT',
      value: '2.0.0',
      inverted: true,
    },
    holds: [attrs({ appVersion: '2.0.0' }), attrs({ appVersion: 'banana' }), {}],
    fails: [attrs({ appVersion: '2.0.0-rc.1' }), attrs({ appVersion: '1.9.9' })],
  },
];

/** Feature flag contract cases: role targeting and Unleash-style constraints. */
export function describeFeatureFlagTargetingCases(provider: FlagProviderBuilder): void {
  describe('role targeting', () => {
    it('matches a context holding at least one of the roles, ANDed with the other conditions', async () => {
      const flags = await provider({
        key: 'admin-tools',
        enabled: true,
        defaultValue: false,
        rules: [
          { roles: ['admin', 'ops'], value: true, variant: 'staff' },
          { roles: ['beta'], tenantIds: ['t1'], value: true },
        ],
      });
      const evaluate = (context: FlagEvaluationContext) =>
        flags.evaluate('admin-tools', context, false);
      await expect(evaluate({ roles: ['viewer', 'ops'] })).resolves.toEqual({
        value: true,
        variant: 'staff',
        reason: 'targeting',
      });
      await expect(evaluate({ roles: ['beta'], tenantId: 't1' })).resolves.toEqual({
        value: true,
        reason: 'targeting',
      });
      for (const context of [
        { roles: ['viewer'] },
        { roles: [] },
        {},
        { roles: ['beta'], tenantId: 't2' },
      ]) {
        await expect(evaluate(context)).resolves.toEqual({ value: false, reason: 'default' });
      }
    });
  });

  describe('constraints', () => {
    it("applies every operator with Unleash's semantics (missing fields, inverted, caseInsensitive)", async () => {
      const definitions = constraintCases.map(({ constraint }, index): FlagDefinition<string> => ({
        key: `constraint-${index}`,
        enabled: true,
        defaultValue: 'no',
        rules: [{ constraints: [constraint], value: 'yes' }],
      }));
      const flags = await provider(...definitions);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const [index, { constraint, holds, fails }] of constraintCases.entries()) {
        for (const [context, value] of [
          ...holds.map((context) => [context, 'yes'] as const),
          ...fails.map((context) => [context, 'no'] as const),
        ]) {
          const label = `${constraint.operator}${constraint.inverted ? ' inverted' : ''} ${JSON.stringify(context)}`;
          const result = await flags.evaluate(`constraint-${index}`, context, 'x');
          outcomes.push(`${label} → ${result.value}`);
          expected.push(`${label} → ${value}`);
        }
      }
      expect(outcomes).toEqual(expected);
    });

    it('requires every constraint of a rule and the rule’s other conditions', async () => {
      const flags = await provider({
        key: 'pro-eu',
        enabled: true,
        defaultValue: 0,
        rules: [
          {
            tenantIds: ['t1'],
            constraints: [
              { contextName: 'plan', operator: 'IN', values: ['pro'] },
              { contextName: 'region', operator: 'STR_STARTS_WITH', values: ['eu-'] },
            ],
            value: 50,
            variant: 'pro-eu',
          },
        ],
      });
      const context = { tenantId: 't1', attributes: { plan: 'pro', region: 'eu-west' } };
      await expect(flags.evaluate('pro-eu', context, 1)).resolves.toEqual({
        value: 50,
        variant: 'pro-eu',
        reason: 'targeting',
      });
      for (const miss of [
        { ...context, tenantId: 't2' },
        { tenantId: 't1', attributes: { plan: 'pro', region: 'us-east' } },
        { tenantId: 't1', attributes: { region: 'eu-west' } },
      ]) {
        await expect(flags.evaluate('pro-eu', miss, 1)).resolves.toEqual({
          value: 0,
          reason: 'default',
        });
      }
    });
  });
}
