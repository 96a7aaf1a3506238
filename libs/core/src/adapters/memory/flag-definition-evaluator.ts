import type {
  FlagDefinition,
  FlagEvaluation,
  FlagEvaluationContext,
  FlagEvaluationReason,
  FlagTargetingRule,
  FlagValue,
  FlagValueOf,
  FlagVariant,
} from '../../ports/feature-flag-provider.port.js';
import { flagConstraintHolds, flagContextValue } from './flag-constraint-evaluator.js';
import { unleashNormalizedValue } from './flag-hash.js';

/*
 * Evaluation of portable FlagDefinitions, shared by every provider that stores definitions
 * itself (in memory, in PostgreSQL) so they all answer alike, and like Unleash does.
 */

export { unleashNormalizedValue } from './flag-hash.js';
export { assertValidFlagDefinitions, validateFlagDefinition } from './flag-definition-validator.js';

/** Seed Unleash's SDKs hash variant targets with. */
const VARIANT_SEED = 86028157;

function ruleMatches(rule: FlagTargetingRule, context: FlagEvaluationContext): boolean {
  if (rule.tenantIds && !(context.tenantId && rule.tenantIds.includes(context.tenantId))) {
    return false;
  }
  if (
    rule.principalIds &&
    !(context.principalId && rule.principalIds.includes(context.principalId))
  ) {
    return false;
  }
  if (rule.roles && !context.roles?.some((role) => rule.roles!.includes(role))) return false;
  const attributesMatch = Object.entries(rule.attributes ?? {}).every(
    ([name, expected]) => context.attributes?.[name] === expected,
  );
  return (
    attributesMatch &&
    (rule.constraints ?? []).every((constraint) => flagConstraintHolds(constraint, context))
  );
}

/**
 * Unleash's weighted variant pick for a stickiness id: the first variant (weight 0 skipped)
 * whose running weight total reaches the murmurhash target; `undefined` without weight.
 */
function pickFlagVariant<T extends FlagValue>(
  variants: readonly FlagVariant<T>[],
  stickinessId: string,
  groupId: string,
): FlagVariant<T> | undefined {
  const totalWeight = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (totalWeight <= 0) return undefined;
  const target = unleashNormalizedValue(stickinessId, groupId, totalWeight, VARIANT_SEED);
  let reached = 0;
  return variants.find((variant) => variant.weight > 0 && (reached += variant.weight) >= target);
}

function served(
  value: FlagValue,
  variant: string | undefined,
  reason: FlagEvaluationReason,
): FlagEvaluation<FlagValue> {
  return variant === undefined ? { value, reason } : { value, variant, reason };
}

function resolve(
  definition: FlagDefinition | undefined,
  context: FlagEvaluationContext,
  defaultValue: FlagValue,
): FlagEvaluation<FlagValue> {
  if (!definition) return { value: defaultValue, reason: 'unknown-flag' };
  if (!definition.enabled) return { value: defaultValue, reason: 'disabled' };
  if (typeof definition.defaultValue !== typeof defaultValue) {
    return { value: defaultValue, reason: 'type-mismatch' };
  }
  const rule = definition.rules?.find((candidate) => ruleMatches(candidate, context));
  if (rule) return served(rule.value, rule.variant, 'targeting');
  const { rollout, variants = [] } = definition;
  const groupId = rollout?.groupId ?? definition.key;
  const fallback = (reason: FlagEvaluationReason) =>
    served(definition.defaultValue, definition.defaultVariant, reason);
  if (rollout) {
    const subjectId = flagContextValue(context, rollout.bucketBy ?? 'principalId');
    const inside =
      !!subjectId &&
      rollout.percentage > 0 &&
      unleashNormalizedValue(subjectId, groupId) <= rollout.percentage;
    if (!inside) return fallback('default');
    if (variants.length === 0) return served(rollout.value, rollout.variant, 'rollout');
  }
  if (variants.length > 0) {
    const stickinessId = flagContextValue(context, definition.variantStickiness ?? 'principalId');
    const variant = stickinessId ? pickFlagVariant(variants, stickinessId, groupId) : undefined;
    return variant ? served(variant.value, variant.name, 'variant') : fallback('default');
  }
  return fallback((definition.rules?.length ?? 0) > 0 ? 'default' : 'static');
}

/** Evaluates one definition (or `undefined` for an unknown flag); never throws. */
export function evaluateFlagDefinition<T extends FlagValue>(
  definition: FlagDefinition | undefined,
  context: FlagEvaluationContext,
  defaultValue: T,
): FlagEvaluation<FlagValueOf<T>> {
  // Values of another type than the default never get here (reason 'type-mismatch').
  return resolve(definition, context, defaultValue) as FlagEvaluation<FlagValueOf<T>>;
}
