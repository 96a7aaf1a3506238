import type {
  FlagConstraint,
  FlagDefinition,
  FlagEvaluationContext,
  FlagRollout,
  FlagVariant,
} from '@cqrs-ddd/core';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One constraint per operator, plus inverted and case-insensitive forms. */
export const EQUIVALENCE_CONSTRAINTS: readonly FlagConstraint[] = [
  { contextName: 'plan', operator: 'IN', values: ['pro', 'team'] },
  { contextName: 'plan', operator: 'IN', values: ['pro'], inverted: true },
  { contextName: 'plan', operator: 'NOT_IN', values: ['free'] },
  { contextName: 'tenantId', operator: 'IN', values: ['tenant-1', 'tenant-2', 'tenant-3'] },
  { contextName: 'principalId', operator: 'NOT_IN', values: ['user-1', 'user-2'] },
  { contextName: 'email', operator: 'STR_CONTAINS', values: ['test'] },
  { contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@acme.com'], caseInsensitive: true },
  { contextName: 'email', operator: 'STR_STARTS_WITH', values: ['admin'], inverted: true },
  { contextName: 'principalId', operator: 'STR_STARTS_WITH', values: ['user-1'] },
  { contextName: 'seats', operator: 'NUM_EQ', value: '10' },
  { contextName: 'seats', operator: 'NUM_GT', value: '25' },
  { contextName: 'seats', operator: 'NUM_GTE', value: '25.5' },
  { contextName: 'seats', operator: 'NUM_LT', value: '5', inverted: true },
  { contextName: 'seats', operator: 'NUM_LTE', value: '50' },
  { contextName: 'currentTime', operator: 'DATE_AFTER', value: '2024-03-01T00:00:00.000Z' },
  { contextName: 'currentTime', operator: 'DATE_BEFORE', value: '2024-09-01T00:00:00.000Z' },
  { contextName: 'appVersion', operator: 'SEMVER_EQ', value: '2.0.0' },
  { contextName: 'appVersion', operator: 'SEMVER_GT', value: '1.9.0' },
  { contextName: 'appVersion', operator: 'SEMVER_LT', value: '2.0.0-rc.2', inverted: true },
];

const variants = (...weights: number[]): FlagVariant<boolean>[] =>
  weights.map((weight, index) => ({ name: `v${index}`, value: true, weight }));

/**
 * Boolean definitions covering every construct `toUnleashFeature` maps: standard (default)
 * flags, flexible rollouts (principal, tenant and attribute stickiness; group ids), user-id
 * lists, each constraint operator, roles, attributes, rules serving false (negated in the
 * strategies after them) and weighted variants with each stickiness.
 */
export function equivalenceDefinitions(): FlagDefinition<boolean>[] {
  const definitions: FlagDefinition<boolean>[] = [
    { key: 'standard-on', enabled: true, defaultValue: true, defaultVariant: 'on' },
    { key: 'standard-off', enabled: true, defaultValue: false },
    { key: 'disabled', enabled: false, defaultValue: true },
    {
      key: 'user-ids',
      enabled: true,
      defaultValue: false,
      rules: [{ principalIds: ['user-3', 'user-14', 'user-159'], value: true, variant: 'listed' }],
    },
    {
      key: 'roles-and-attributes',
      enabled: true,
      defaultValue: false,
      rules: [
        { roles: ['admin', 'ops'], value: true, variant: 'staff' },
        { tenantIds: ['tenant-4'], attributes: { plan: 'pro' }, value: true },
      ],
    },
    {
      key: 'deny-then-rollout',
      enabled: true,
      defaultValue: false,
      rules: [
        { tenantIds: ['tenant-1'], roles: ['viewer'], value: false, variant: 'held-back' },
        { principalIds: ['user-7', 'user-8'], value: false },
        { constraints: [EQUIVALENCE_CONSTRAINTS[0]!], value: true, variant: 'paying' },
      ],
      rollout: { percentage: 40, value: true, variant: 'wave' },
    },
    {
      key: 'deny-then-default-on',
      enabled: true,
      defaultValue: true,
      rules: [{ roles: ['blocked'], constraints: [EQUIVALENCE_CONSTRAINTS[10]!], value: false }],
    },
  ];
  EQUIVALENCE_CONSTRAINTS.forEach((constraint, index) =>
    definitions.push({
      key: `constraint-${index}-${constraint.operator}`,
      enabled: true,
      defaultValue: false,
      rules: [{ constraints: [constraint], value: true }],
    }),
  );
  const stickinesses = ['principalId', 'tenantId', 'accountId'] as const;
  for (const bucketBy of stickinesses) {
    for (const percentage of [0, 1, 10, 33, 50, 87.5, 99, 100]) {
      for (const groupId of [undefined, 'shared-group']) {
        const rollout: FlagRollout<boolean> = {
          percentage,
          value: true,
          bucketBy,
          ...(groupId ? { groupId } : {}),
        };
        definitions.push({
          key: `rollout-${bucketBy}-${percentage}-${groupId ?? 'own'}`,
          enabled: true,
          defaultValue: false,
          rollout,
        });
      }
    }
  }
  for (const variantStickiness of stickinesses) {
    definitions.push(
      {
        key: `variants-${variantStickiness}`,
        enabled: true,
        defaultValue: false,
        variants: variants(500, 0, 300, 200),
        variantStickiness,
      },
      {
        key: `variants-on-${variantStickiness}`,
        enabled: true,
        defaultValue: true,
        defaultVariant: 'fallback',
        variants: variants(1, 2, 3, 4, 5),
        variantStickiness,
      },
      {
        key: `staged-variants-${variantStickiness}`,
        enabled: true,
        defaultValue: false,
        rules: [{ roles: ['beta'], value: true, variant: 'beta' }],
        rollout: { percentage: 60, value: true, bucketBy: 'tenantId', groupId: 'stage' },
        variants: variants(33, 33, 34),
        variantStickiness,
      },
    );
  }
  return definitions;
}

const pick = <T>(next: () => number, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)]!;

/** `count` varied contexts (some fields missing, numbers as numbers or strings). */
export function equivalenceContexts(count: number, seed = 9): FlagEvaluationContext[] {
  const next = random(seed);
  const maybe = <T>(value: T, presence = 0.85): T | undefined =>
    next() < presence ? value : undefined;
  return Array.from({ length: count }, (_, index) => {
    const attributes: Record<string, string | number | boolean> = {};
    const set = (name: string, value: string | number | boolean | undefined) => {
      if (value !== undefined) attributes[name] = value;
    };
    set('plan', maybe(pick(next, ['free', 'pro', 'team', 'Pro', ' pro'])));
    set(
      'email',
      maybe(pick(next, ['ann@acme.com', 'BOB@ACME.COM', 'admin@x.io', 'qa+test@y.org'])),
    );
    const seats = Math.floor(next() * 60);
    set('seats', maybe(pick(next, [seats, String(seats), `${seats}.5`, 'many'])));
    set(
      'appVersion',
      maybe(pick(next, ['1.0.0', '1.9.0', '1.10.2', '2.0.0-rc.1', '2.0.0', 'v2.0.0', 'banana'])),
    );
    set(
      'accountId',
      maybe(pick(next, [Math.floor(next() * 500), `acct-${Math.floor(next() * 500)}`])),
    );
    set(
      'currentTime',
      maybe(
        pick(next, [
          '2024-01-15T00:00:00.000Z',
          '2024-06-01T00:00:00.000Z',
          '2025-01-01T00:00:00.000Z',
          Date.parse('2024-08-31T23:00:00Z'),
        ]),
        0.5,
      ),
    );
    const roles = ['admin', 'ops', 'beta', 'viewer', 'blocked', 'super-admin'].filter(
      () => next() < 0.2,
    );
    const principalId = maybe(`user-${index}`, 0.9);
    const tenantId = maybe(`tenant-${Math.floor(next() * 40)}`, 0.85);
    return {
      ...(principalId === undefined ? {} : { principalId }),
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(next() < 0.8 ? { roles } : {}),
      attributes,
    };
  });
}
