import { where } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import { isAccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { AccessPolicies } from './access-policies.js';
import { type AccessPolicy, type AccessPolicyDefinition, definePolicy } from './access-policy.js';

const principal = { id: 'u1', roles: [], authMethod: 'jwt', attributes: { region: 'eu' } };
const environment = { now: new Date('2025-01-01T00:00:00Z') };

const regionPolicy = definePolicy({
  name: 'readers see only their region',
  actions: ['order:read'],
  resourceType: 'Order',
  condition: ({ principal: p }) => where('region').eq(String(p.attributes?.region)),
});

describe('definePolicy', () => {
  it('normalises a builder Spec to the plain Specification AST', () => {
    expect(regionPolicy.condition({ principal, environment })).toEqual({
      op: 'eq',
      field: 'region',
      value: 'eu',
    });
  });

  it('passes booleans through and can read the environment', () => {
    const officeHours = definePolicy({
      name: 'office hours',
      actions: ['order:*'],
      condition: ({ environment: env }) => env.now.getUTCHours() >= 8,
    });
    expect(officeHours.condition({ principal, environment })).toBe(false);
    expect(
      officeHours.condition({ principal, environment: { now: new Date('2025-01-01T09:00:00Z') } }),
    ).toBe(true);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(regionPolicy)).toBe(true);
    expect(Object.isFrozen(regionPolicy.actions)).toBe(true);
  });

  it.each<[string, Partial<AccessPolicyDefinition>]>([
    ['an empty name', { name: ' ', actions: ['order:read'], condition: () => true }],
    ['no actions', { name: 'p', actions: [], condition: () => true }],
    ['a bad action pattern', { name: 'p', actions: ['*:read'], condition: () => true }],
    ['no condition', { name: 'p', actions: ['order:read'] }],
  ])('rejects %s', (_label, definition) => {
    let error: unknown;
    try {
      definePolicy(definition as AccessPolicyDefinition);
    } catch (caught) {
      error = caught;
    }
    expect(isAccessControlConfigurationError(error)).toBe(true);
  });
});

describe('AccessPolicies', () => {
  const anyType: AccessPolicy = definePolicy({
    name: 'tenant only',
    actions: ['order:*'],
    condition: () => true,
  });
  const policies = new AccessPolicies([regionPolicy, anyType]);
  const names = (list: readonly AccessPolicy[]) => list.map((policy) => policy.name);

  it('selects policies by action pattern and resource type', () => {
    expect(names(policies.applicableTo('order:read', 'Order'))).toEqual([
      'readers see only their region',
      'tenant only',
    ]);
    expect(names(policies.applicableTo('order:read', 'Invoice'))).toEqual(['tenant only']);
    expect(names(policies.applicableTo('order:confirm', 'Order'))).toEqual(['tenant only']);
    expect(names(policies.applicableTo('invoice:read', 'Order'))).toEqual([]);
  });

  it('applies type-scoped policies when no resource type is named (fail closed)', () => {
    expect(names(policies.applicableTo('order:read'))).toEqual([
      'readers see only their region',
      'tenant only',
    ]);
  });

  it('rejects duplicate names and plain objects that are not valid policies', () => {
    expect(() => new AccessPolicies([regionPolicy, regionPolicy])).toThrow(
      "two policies are named 'readers see only their region'",
    );
    expect(() => new AccessPolicies([{ name: 'x' } as AccessPolicy])).toThrow(
      'needs at least one action pattern',
    );
    expect(() => new AccessPolicies('nope' as never)).toThrow("'policies' must be an array");
  });
});
