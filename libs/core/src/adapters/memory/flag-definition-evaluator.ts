import { createHash } from 'node:crypto';
import { type ValidationIssue, ValidationError } from '../../errors/validation.error.js';
import type {
  FlagDefinition,
  FlagEvaluation,
  FlagEvaluationContext,
  FlagEvaluationReason,
  FlagTargetingRule,
  FlagValue,
  FlagValueOf,
} from '../../ports/feature-flag-provider.port.js';

/**
 * Evaluation of portable {@link FlagDefinition}s, shared by every provider that stores
 * definitions itself (in memory, in PostgreSQL) so they all bucket subjects identically.
 */

const UINT32_RANGE = 2 ** 32;

/**
 * Stable bucket of a subject for a flag, in [0, 100): the first 32 bits of
 * SHA-256(flagKey, subjectId). Keyed by flag so each flag rolls out to an independent subset.
 */
export function rolloutBucket(flagKey: string, subjectId: string): number {
  const digest = createHash('sha256').update(`${flagKey}\u0000${subjectId}`).digest();
  return (digest.readUInt32BE(0) / UINT32_RANGE) * 100;
}

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
  return Object.entries(rule.attributes ?? {}).every(
    ([name, expected]) => context.attributes?.[name] === expected,
  );
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
  const { rollout } = definition;
  if (rollout) {
    const subjectId = context[rollout.bucketBy ?? 'principalId'];
    if (subjectId && rolloutBucket(definition.key, subjectId) < rollout.percentage) {
      return served(rollout.value, rollout.variant, 'rollout');
    }
  }
  const hasDynamic = (definition.rules?.length ?? 0) > 0 || rollout !== undefined;
  return served(
    definition.defaultValue,
    definition.defaultVariant,
    hasDynamic ? 'default' : 'static',
  );
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

function isFlagValue(value: unknown): value is FlagValue {
  return (
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Lists what is wrong with a definition (empty when valid); values must share one type. */
export function validateFlagDefinition(definition: FlagDefinition, path = ''): ValidationIssue[] {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const issues: ValidationIssue[] = [];
  const type = typeof definition.defaultValue;
  const checkValue = (value: unknown, field: string) => {
    if (!isFlagValue(value)) {
      issues.push({
        path: at(field),
        message: 'must be a boolean, string or finite number',
        rule: 'flagValue',
      });
    } else if (typeof value !== type) {
      issues.push({
        path: at(field),
        message: `must be a ${type} like defaultValue`,
        rule: 'sameType',
      });
    }
  };
  if (typeof definition.key !== 'string' || definition.key.trim() === '') {
    issues.push({ path: at('key'), message: 'must be a non-empty string', rule: 'isNotEmpty' });
  }
  if (typeof definition.enabled !== 'boolean') {
    issues.push({ path: at('enabled'), message: 'must be a boolean', rule: 'isBoolean' });
  }
  checkValue(definition.defaultValue, 'defaultValue');
  definition.rules?.forEach((rule, index) => {
    const hasCondition =
      rule.tenantIds !== undefined ||
      rule.principalIds !== undefined ||
      Object.keys(rule.attributes ?? {}).length > 0;
    if (!hasCondition) {
      issues.push({
        path: at(`rules.${index}`),
        message: 'must state at least one condition (tenantIds, principalIds or attributes)',
        rule: 'hasCondition',
      });
    }
    checkValue(rule.value, `rules.${index}.value`);
  });
  const { rollout } = definition;
  if (rollout) {
    const { percentage, bucketBy } = rollout;
    if (typeof percentage !== 'number' || !(percentage >= 0 && percentage <= 100)) {
      issues.push({
        path: at('rollout.percentage'),
        message: 'must be between 0 and 100',
        rule: 'range',
      });
    }
    if (bucketBy !== undefined && bucketBy !== 'principalId' && bucketBy !== 'tenantId') {
      issues.push({
        path: at('rollout.bucketBy'),
        message: "must be 'principalId' or 'tenantId'",
        rule: 'isIn',
      });
    }
    checkValue(rollout.value, 'rollout.value');
  }
  return issues;
}

/** Throws a {@link ValidationError} listing every problem of every definition (and duplicates). */
export function assertValidFlagDefinitions(definitions: readonly FlagDefinition[]): void {
  const seen = new Set<string>();
  const issues = definitions.flatMap((definition, index) => {
    const found = validateFlagDefinition(definition, `flags.${index}`);
    if (seen.has(definition.key)) {
      found.push({
        path: `flags.${index}.key`,
        message: `duplicate flag key "${definition.key}"`,
        rule: 'unique',
      });
    }
    seen.add(definition.key);
    return found;
  });
  if (issues.length > 0) throw new ValidationError(issues);
}
