import { type ValidationIssue, ValidationError } from '../../errors/validation.error.js';
import {
  FLAG_CONSTRAINT_OPERATORS,
  type FlagConstraint,
  type FlagDefinition,
  type FlagTargetingRule,
  type FlagValue,
} from '../../ports/feature-flag-provider.port.js';
import { isStrictSemver } from './flag-constraint-evaluator.js';

type Report = (field: string, message: string, rule: string) => void;

function isFlagValue(value: unknown): value is FlagValue {
  return (
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reports a non-array (`undefined` passes) and non-object items; the objects, with paths. */
function objectItems<T>(
  list: readonly T[] | undefined,
  field: string,
  report: Report,
): [item: T, path: string][] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    report(field, 'must be an array', 'isArray');
    return [];
  }
  const items: [T, string][] = [];
  list.forEach((item, index) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      items.push([item, `${field}.${index}`]);
    } else {
      report(`${field}.${index}`, 'must be an object', 'isObject');
    }
  });
  return items;
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

function checkStringList(value: unknown, field: string, report: Report): void {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    report(field, 'must be an array of strings', 'isStringArray');
  }
}

function checkConstraint(constraint: FlagConstraint, field: string, report: Report): void {
  const { contextName, operator, values, value, inverted, caseInsensitive } = constraint;
  if (!isNonEmptyString(contextName)) {
    report(`${field}.contextName`, 'must be a non-empty string', 'isNotEmpty');
  }
  if (!(FLAG_CONSTRAINT_OPERATORS as readonly string[]).includes(operator)) {
    report(`${field}.operator`, `must be one of ${FLAG_CONSTRAINT_OPERATORS.join(', ')}`, 'isIn');
    return;
  }
  if (inverted !== undefined && typeof inverted !== 'boolean') {
    report(`${field}.inverted`, 'must be a boolean', 'isBoolean');
  }
  const stringOperator = operator.startsWith('STR_');
  if (caseInsensitive !== undefined && typeof caseInsensitive !== 'boolean') {
    report(`${field}.caseInsensitive`, 'must be a boolean', 'isBoolean');
  } else if (caseInsensitive && !stringOperator) {
    report(`${field}.caseInsensitive`, 'only applies to STR_* operators', 'notAllowed');
  }
  if (operator === 'IN' || operator === 'NOT_IN' || stringOperator) {
    checkStringList(values, `${field}.values`, report);
    if (Array.isArray(values) && !values.some(isNonEmptyString)) {
      report(
        `${field}.values`,
        `must list at least one non-blank value for ${operator}`,
        'isNotEmpty',
      );
    }
    return;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    report(`${field}.value`, `must be a non-empty string for ${operator}`, 'isNotEmpty');
  } else if (operator.startsWith('NUM_') && Number.isNaN(Number(value))) {
    report(`${field}.value`, 'must be a number', 'isNumberString');
  } else if (operator.startsWith('DATE_') && Number.isNaN(new Date(value).getTime())) {
    report(`${field}.value`, 'must be an ISO 8601 date', 'isDateString');
  } else if (operator.startsWith('SEMVER_') && !isStrictSemver(value)) {
    report(`${field}.value`, 'must be a semantic version like 1.2.3 (no "v" prefix)', 'isSemVer');
  }
  if (operator.startsWith('DATE_') && contextName !== 'currentTime') {
    report(`${field}.contextName`, `must be 'currentTime' for ${operator}`, 'equals');
  }
}

function checkRule(rule: FlagTargetingRule, field: string, report: Report): void {
  const hasCondition =
    rule.tenantIds !== undefined ||
    rule.principalIds !== undefined ||
    rule.roles !== undefined ||
    Object.keys(rule.attributes ?? {}).length > 0 ||
    (rule.constraints?.length ?? 0) > 0;
  if (!hasCondition) {
    report(
      field,
      'must state at least one condition (tenantIds, principalIds, roles, attributes or constraints)',
      'hasCondition',
    );
  }
  for (const list of ['tenantIds', 'principalIds', 'roles'] as const) {
    if (rule[list] !== undefined) checkStringList(rule[list], `${field}.${list}`, report);
  }
  if (rule.attributes !== undefined) {
    if (!isRecord(rule.attributes)) {
      report(`${field}.attributes`, 'must be an object', 'isObject');
    } else if (!Object.values(rule.attributes).every(isFlagValue)) {
      report(
        `${field}.attributes`,
        'values must be booleans, strings or finite numbers',
        'flagValue',
      );
    }
  }
  for (const [constraint, path] of objectItems(rule.constraints, `${field}.constraints`, report)) {
    checkConstraint(constraint, path, report);
  }
}

function checkVariants(
  definition: FlagDefinition,
  report: Report,
  checkValue: (value: unknown, field: string) => void,
): void {
  const { variants, variantStickiness } = definition;
  if (variantStickiness !== undefined && !isNonEmptyString(variantStickiness)) {
    report('variantStickiness', 'must be a non-empty string', 'isNotEmpty');
  }
  const names = new Set<string>();
  let total = 0;
  const items = objectItems(variants, 'variants', report);
  items.forEach(([variant, field]) => {
    if (!isNonEmptyString(variant.name)) {
      report(`${field}.name`, 'must be a non-empty string', 'isNotEmpty');
    } else if (names.has(variant.name)) {
      report(`${field}.name`, `duplicate variant name "${variant.name}"`, 'unique');
    }
    names.add(variant.name);
    checkValue(variant.value, `${field}.value`);
    if (!Number.isInteger(variant.weight) || variant.weight < 0) {
      report(`${field}.weight`, 'must be a non-negative integer', 'isNonNegativeInt');
    } else {
      total += variant.weight;
    }
  });
  // Only a list of variant objects can be judged by its total.
  if (items.length > 0 && items.length === variants?.length && total === 0) {
    report('variants', 'weights must add up to more than 0', 'totalWeight');
  }
}

/** Lists what is wrong with a definition (empty when valid); values must share one type. */
export function validateFlagDefinition(definition: FlagDefinition, path = ''): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report: Report = (field, message, rule) =>
    issues.push({ path: path ? `${path}.${field}` : field, message, rule });
  const type = typeof definition.defaultValue;
  const checkValue = (value: unknown, field: string) => {
    if (!isFlagValue(value)) {
      report(field, 'must be a boolean, string or finite number', 'flagValue');
    } else if (typeof value !== type) {
      report(field, `must be a ${type} like defaultValue`, 'sameType');
    }
  };
  if (!isNonEmptyString(definition.key)) {
    report('key', 'must be a non-empty string', 'isNotEmpty');
  }
  if (typeof definition.enabled !== 'boolean') {
    report('enabled', 'must be a boolean', 'isBoolean');
  }
  checkValue(definition.defaultValue, 'defaultValue');
  objectItems(definition.rules, 'rules', report).forEach(([rule, field]) => {
    checkRule(rule, field, report);
    checkValue(rule.value, `${field}.value`);
  });
  const { rollout } = definition;
  if (rollout !== undefined && !isRecord(rollout)) {
    report('rollout', 'must be an object', 'isObject');
  } else if (rollout) {
    const { percentage, bucketBy, groupId } = rollout;
    if (typeof percentage !== 'number' || !(percentage >= 0 && percentage <= 100)) {
      report('rollout.percentage', 'must be between 0 and 100', 'range');
    }
    if (bucketBy !== undefined && !isNonEmptyString(bucketBy)) {
      report(
        'rollout.bucketBy',
        "must be 'principalId', 'tenantId' or an attribute name",
        'isNotEmpty',
      );
    }
    if (groupId !== undefined && !isNonEmptyString(groupId)) {
      report('rollout.groupId', 'must be a non-empty string', 'isNotEmpty');
    }
    checkValue(rollout.value, 'rollout.value');
  }
  checkVariants(definition, report, checkValue);
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
