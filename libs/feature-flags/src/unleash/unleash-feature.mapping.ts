import {
  assertValidFlagDefinitions,
  type FlagConstraint,
  type FlagDefinition,
  type FlagTargetingRule,
  ValidationError,
  type ValidationIssue,
} from '@cqrs-ddd/core';
import type { ClientFeaturesResponse } from 'unleash-client';
import {
  UNLEASH_RESERVED_CONTEXT_NAMES,
  unleashContextName,
  unleashRolesProperty,
} from './unleash-context.mapping.js';

/** A feature as the Unleash client API (`GET /client/features`) serves it. */
export type UnleashFeature = ClientFeaturesResponse['features'][number];
type UnleashStrategy = NonNullable<UnleashFeature['strategies']>[number];
type UnleashConstraint = UnleashStrategy['constraints'][number];
type UnleashVariant = NonNullable<UnleashStrategy['variants']>[number];

function constraint(
  contextName: string,
  operator: string,
  extra: Partial<UnleashConstraint> = {},
): UnleashConstraint {
  // The SDK types operators as an enum it does not export; the wire format is the string.
  return {
    contextName,
    operator: operator as UnleashConstraint['operator'],
    values: [],
    inverted: false,
    ...extra,
  };
}

const negated = (condition: UnleashConstraint) => ({ ...condition, inverted: !condition.inverted });

function fromFlagConstraint(flagConstraint: FlagConstraint): UnleashConstraint {
  const { contextName, operator, values, value, inverted, caseInsensitive } = flagConstraint;
  return constraint(unleashContextName(contextName), operator, {
    values: [...(values ?? [])],
    ...(value === undefined ? {} : { value }),
    inverted: inverted ?? false,
    caseInsensitive: caseInsensitive ?? false,
  });
}

/** A rule's conditions as Unleash constraints, ANDed; each can be negated on its own. */
function ruleConstraints(rule: FlagTargetingRule): UnleashConstraint[] {
  const conditions: UnleashConstraint[] = [];
  if (rule.tenantIds)
    conditions.push(constraint('tenantId', 'IN', { values: [...rule.tenantIds] }));
  if (rule.principalIds) {
    conditions.push(constraint('userId', 'IN', { values: [...rule.principalIds] }));
  }
  if (rule.roles) {
    const values = rule.roles.map((role) => unleashRolesProperty([role]));
    conditions.push(constraint('roles', 'STR_CONTAINS', { values }));
  }
  for (const [name, value] of Object.entries(rule.attributes ?? {})) {
    conditions.push(constraint(name, 'IN', { values: [String(value)] }));
  }
  conditions.push(...(rule.constraints ?? []).map(fromFlagConstraint));
  return conditions;
}

const strategy = (
  name: string,
  parameters: Record<string, string>,
  constraints: UnleashConstraint[],
  variants: UnleashVariant[] = [],
): UnleashStrategy => ({ name, parameters, constraints, variants });

/** A single variant: always picked, whatever the hash. */
const named = (name: string | undefined): UnleashVariant[] =>
  name === undefined ? [] : [{ name, weight: 1000, stickiness: 'default' }];

const isCleanId = (id: string) => id !== '' && id === id.trim();

/** Why `definition` means something else on Unleash, one issue per construct. */
function portabilityIssues(definition: FlagDefinition<boolean>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report = (path: string, message: string) =>
    issues.push({ path, message, rule: 'unleashPortable' });
  const checkName = (name: string, path: string, ours: readonly string[]) => {
    if (!ours.includes(name) && UNLEASH_RESERVED_CONTEXT_NAMES.has(name)) {
      report(path, `"${name}" is an Unleash context field; rename the attribute`);
    }
  };
  definition.rules?.forEach((rule, index) => {
    const at = `rules.${index}`;
    for (const list of ['tenantIds', 'principalIds'] as const) {
      if (rule[list]?.some((id) => !isCleanId(id))) {
        report(`${at}.${list}`, 'Unleash trims ids and ignores blank ones');
      }
    }
    if (rule.roles?.some((role) => role.includes(','))) {
      report(`${at}.roles`, 'roles must not contain commas on Unleash');
    }
    for (const [name, value] of Object.entries(rule.attributes ?? {})) {
      checkName(name, `${at}.attributes.${name}`, []);
      if (!isCleanId(String(value))) {
        report(`${at}.attributes.${name}`, 'Unleash trims values and ignores blank ones');
      }
    }
    rule.constraints?.forEach(({ contextName, operator }, position) => {
      const dated = operator.startsWith('DATE_') ? ['currentTime'] : [];
      checkName(contextName, `${at}.constraints.${position}.contextName`, [
        'principalId',
        'tenantId',
        ...dated,
      ]);
    });
  });
  const { rollout, variants = [], variantStickiness, defaultValue } = definition;
  if (rollout?.bucketBy)
    checkName(rollout.bucketBy, 'rollout.bucketBy', ['principalId', 'tenantId']);
  if (variantStickiness) {
    checkName(variantStickiness, 'variantStickiness', ['principalId', 'tenantId']);
  }
  variants.forEach((variant, index) => {
    if (!variant.value) {
      report(`variants.${index}.value`, 'Unleash variants cannot turn a flag off; serve true');
    }
  });
  if (rollout && variants.length === 0 && !rollout.value && defaultValue) {
    report('rollout.value', 'Unleash cannot serve false inside a rollout and true outside it');
  }
  return issues;
}

const stickiness = (name: string | undefined) => unleashContextName(name ?? 'principalId');

/** Strategies for what follows the rules (rollout, variants, default), under `guard`. */
function tailStrategies(
  definition: FlagDefinition<boolean>,
  guard: UnleashConstraint[],
): UnleashStrategy[] {
  const {
    key,
    rollout,
    variants = [],
    variantStickiness,
    defaultValue,
    defaultVariant,
  } = definition;
  const strategies: UnleashStrategy[] = [];
  const weighted = variants.map(({ name, weight }) => ({
    name,
    weight,
    stickiness: stickiness(variantStickiness),
  }));
  if (rollout && (rollout.value || variants.length > 0)) {
    const sameStickiness = stickiness(variantStickiness) === stickiness(rollout.bucketBy);
    // Without its stickiness id Unleash picks a variant at random; we serve the default.
    const variantIdPresent =
      variants.length > 0 && !sameStickiness
        ? [constraint(stickiness(variantStickiness), 'REGEX', { value: '[\\s\\S]' })]
        : [];
    strategies.push(
      strategy(
        'flexibleRollout',
        {
          rollout: String(rollout.percentage),
          stickiness: stickiness(rollout.bucketBy),
          groupId: rollout.groupId ?? key,
        },
        [...guard, ...variantIdPresent],
        variants.length > 0 ? weighted : named(rollout.variant),
      ),
    );
  } else if (!rollout && variants.length > 0) {
    // A 100% rollout sticking to the variants' id: on exactly when that id is present.
    const parameters = { rollout: '100', stickiness: stickiness(variantStickiness), groupId: key };
    strategies.push(strategy('flexibleRollout', parameters, guard, weighted));
  }
  if (defaultValue) strategies.push(strategy('default', {}, guard, named(defaultVariant)));
  return strategies;
}

/**
 * A boolean flag definition as the Unleash client-API feature that answers the same (for
 * tests and for migrating flags to Unleash): `enabled` ⇔ Unleash's `isEnabled`, and, when
 * enabled, the variant name ⇔ Unleash's `getVariant` name. Strategies, in order:
 * - each rule serving `true` → a `default` strategy with the rule's conditions as constraints
 *   (`userWithId` for a principal-only rule), a single variant for its variant name; rules
 *   serving `false` come first in our order, so the strategies after them carry their negation
 *   (spread over several strategies, one per negated condition);
 * - the rollout → `flexibleRollout` (stickiness `userId`, `tenantId` or the attribute,
 *   `groupId`), carrying the weighted variants; variants without a rollout → a 100%
 *   `flexibleRollout` sticking to the variants' id;
 * - a `true` default → a `default` strategy.
 * Unleash cannot say which variant a disabled answer had, so variant names of `false` answers
 * are lost, and compares attributes as strings (`10` equals `'10'`).
 * @throws ValidationError for an invalid definition or one Unleash would answer differently
 *   (rule `unleashPortable`): false-valued variants, a rollout serving false inside and true
 *   outside, roles with commas, padded ids, attribute names Unleash reserves.
 */
export function toUnleashFeature(definition: FlagDefinition<boolean>): UnleashFeature {
  assertValidFlagDefinitions([definition]);
  const issues = portabilityIssues(definition);
  if (issues.length > 0) throw new ValidationError(issues);
  const strategies: UnleashStrategy[] = [];
  // Each guard is one way of "no false-valued rule so far matched" (a disjunction of them).
  let guards: UnleashConstraint[][] = [[]];
  for (const rule of definition.rules ?? []) {
    const conditions = ruleConstraints(rule);
    if (!rule.value) {
      guards = guards.flatMap((guard) => conditions.map((each) => [...guard, negated(each)]));
      continue;
    }
    for (const guard of guards) {
      const userIdsOnly =
        guard.length === 0 &&
        conditions.length === 1 &&
        rule.principalIds?.every((id) => !id.includes(',')) === true;
      strategies.push(
        userIdsOnly
          ? strategy(
              'userWithId',
              { userIds: rule.principalIds!.join(',') },
              [],
              named(rule.variant),
            )
          : strategy('default', {}, [...guard, ...conditions], named(rule.variant)),
      );
    }
  }
  strategies.push(...guards.flatMap((guard) => tailStrategies(definition, guard)));
  if (strategies.length === 0) {
    // Unleash turns a feature without strategies on for everybody: make it nobody.
    const parameters = { rollout: '0', stickiness: 'default', groupId: definition.key };
    strategies.push(strategy('flexibleRollout', parameters, []));
  }
  return {
    name: definition.key,
    type: 'release',
    enabled: definition.enabled,
    strategies,
    variants: [],
  };
}
