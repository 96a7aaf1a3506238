import semver from 'semver';
import {
  FLAG_CONSTRAINT_OPERATORS,
  type FlagConstraint,
  type FlagEvaluationContext,
} from '../../ports/feature-flag-provider.port.js';

/**
 * A context field as constraints and stickiness see it (Unleash's `resolveContextValue`):
 * `principalId`, `tenantId` or an attribute, as a string; `undefined` when absent.
 */
export function flagContextValue(context: FlagEvaluationContext, name: string): string | undefined {
  const raw =
    name === 'principalId'
      ? context.principalId
      : name === 'tenantId'
        ? context.tenantId
        : context.attributes?.[name];
  return raw === undefined || raw === null ? undefined : String(raw);
}

/** The constraint's listed values: blanks dropped, surrounding spaces ignored (as Unleash does). */
function listedValues(constraint: FlagConstraint): string[] {
  const listed = (constraint.values ?? []).filter((value) => value !== '').map((v) => v.trim());
  return constraint.caseInsensitive ? listed.map((value) => value.toLocaleLowerCase()) : listed;
}

const STRING_TESTS: Record<string, (subject: string, listed: string) => boolean> = {
  STR_STARTS_WITH: (subject, listed) => subject.startsWith(listed),
  STR_ENDS_WITH: (subject, listed) => subject.endsWith(listed),
  STR_CONTAINS: (subject, listed) => subject.includes(listed),
};

function matchesString(constraint: FlagConstraint, field: string | undefined): boolean {
  if (field === undefined) return false;
  const subject = constraint.caseInsensitive ? field.toLocaleLowerCase() : field;
  const test = STRING_TESTS[constraint.operator]!;
  return listedValues(constraint).some((listed) => test(subject, listed));
}

function comparesNumber(constraint: FlagConstraint, field: string | undefined): boolean {
  const operand = Number(constraint.value);
  const subject = Number(field);
  if (Number.isNaN(operand) || Number.isNaN(subject)) return false;
  switch (constraint.operator) {
    case 'NUM_EQ':
      return subject === operand;
    case 'NUM_GT':
      return subject > operand;
    case 'NUM_GTE':
      return subject >= operand;
    case 'NUM_LT':
      return subject < operand;
    default:
      return subject <= operand;
  }
}

/** `currentTime` of the context (ISO string or epoch ms), else now. */
function currentTime(context: FlagEvaluationContext): Date {
  const value = context.attributes?.['currentTime'];
  return value ? new Date(typeof value === 'boolean' ? Number(value) : value) : new Date();
}

function comparesDate(constraint: FlagConstraint, context: FlagEvaluationContext): boolean {
  const operand = new Date(constraint.value ?? Number.NaN);
  const now = currentTime(context);
  return constraint.operator === 'DATE_AFTER' ? now > operand : now < operand;
}

/** Unleash accepts a valid semver without a `v` prefix only. */
export function isStrictSemver(version: string): boolean {
  return semver.valid(version) !== null && !version.startsWith('v');
}

function comparesSemver(constraint: FlagConstraint, field: string | undefined): boolean {
  if (!field || !isStrictSemver(field)) return false;
  const operand = constraint.value ?? '';
  try {
    if (constraint.operator === 'SEMVER_EQ') return semver.eq(field, operand);
    if (constraint.operator === 'SEMVER_GT') return semver.gt(field, operand);
    return semver.lt(field, operand);
  } catch {
    return false;
  }
}

function operatorHolds(constraint: FlagConstraint, context: FlagEvaluationContext): boolean {
  const field = flagContextValue(context, constraint.contextName);
  switch (constraint.operator) {
    case 'IN':
      return listedValues(constraint).includes(field as string);
    case 'NOT_IN':
      return !listedValues(constraint).includes(field as string);
    case 'STR_CONTAINS':
    case 'STR_STARTS_WITH':
    case 'STR_ENDS_WITH':
      return matchesString(constraint, field);
    case 'NUM_EQ':
    case 'NUM_GT':
    case 'NUM_GTE':
    case 'NUM_LT':
    case 'NUM_LTE':
      return comparesNumber(constraint, field);
    case 'DATE_AFTER':
    case 'DATE_BEFORE':
      return comparesDate(constraint, context);
    case 'SEMVER_EQ':
    case 'SEMVER_GT':
    case 'SEMVER_LT':
      return comparesSemver(constraint, field);
  }
}

/**
 * Whether a constraint holds for a context, exactly as Unleash's SDKs decide it (see
 * `FlagConstraint`); an unknown operator never holds, whatever `inverted` says.
 */
export function flagConstraintHolds(
  constraint: FlagConstraint,
  context: FlagEvaluationContext,
): boolean {
  if (!(FLAG_CONSTRAINT_OPERATORS as readonly string[]).includes(constraint.operator)) {
    return false;
  }
  const holds = operatorHolds(constraint, context);
  return constraint.inverted ? !holds : holds;
}
