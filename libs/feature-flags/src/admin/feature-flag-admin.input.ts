import {
  type FlagDefinition,
  validateFlagDefinition,
  ValidationError,
  type ValidationIssue,
} from '@cqrs-ddd/core';

/** Which flags an admin call works on: the caller's tenant's overrides, or the global flags. */
export type FeatureFlagScope = 'tenant' | 'global';

/** Fields a flag definition may have (anything else in a request body is refused). */
const DEFINITION_FIELDS = new Set([
  'key',
  'enabled',
  'defaultValue',
  'defaultVariant',
  'rules',
  'rollout',
  'variants',
  'variantStickiness',
]);

/** Flag keys: a letter or digit, then up to 127 of letters, digits, `.`, `_`, `:`, `-`. */
export const FLAG_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Issues of a flag key (empty when valid). */
export function flagKeyIssues(key: unknown, path = 'key'): ValidationIssue[] {
  return typeof key === 'string' && FLAG_KEY_PATTERN.test(key)
    ? []
    : [
        {
          path,
          message:
            'must be 1-128 of letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
          rule: 'matches',
        },
      ];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The scope named by a `scope` parameter.
 * @default 'tenant'
 * @throws ValidationError for anything but `tenant`, `global` or nothing
 */
export function parseFlagScope(value: unknown): FeatureFlagScope {
  if (value === undefined || value === '' || value === 'tenant') return 'tenant';
  if (value === 'global') return 'global';
  throw ValidationError.of('scope', "must be 'tenant' or 'global'", 'isIn');
}

/**
 * An optional expected-version parameter (a positive integer, given as number or numeric text).
 * @throws ValidationError naming `path`
 */
export function parseExpectedVersion(value: unknown, path = 'expectedVersion'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const version = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > 0) return version;
  throw ValidationError.of(path, 'must be a positive integer (the version you read)', 'isPositive');
}

/** The definition in `body` (without `extra` fields) and every issue found in it. */
function definitionIn(
  body: unknown,
  extra: readonly string[],
): { definition: FlagDefinition; issues: ValidationIssue[] } {
  if (!isRecord(body)) {
    throw ValidationError.of('', 'the body must be a JSON object (a flag definition)', 'isObject');
  }
  const issues: ValidationIssue[] = Object.keys(body)
    .filter((field) => !DEFINITION_FIELDS.has(field) && !extra.includes(field))
    .map((field) => ({
      path: field,
      message: 'is not a flag definition field',
      rule: 'unknownField',
    }));
  const definition = Object.fromEntries(
    Object.entries(body).filter(([field]) => DEFINITION_FIELDS.has(field)),
  ) as unknown as FlagDefinition;
  const definitionIssues = validateFlagDefinition(definition);
  const keyChecked = definitionIssues.some((issue) => issue.path === 'key');
  issues.push(...(keyChecked ? [] : flagKeyIssues(definition.key)), ...definitionIssues);
  return { definition, issues };
}

/**
 * The flag definition of a create request.
 * @throws ValidationError listing every invalid or unknown field
 */
export function parseNewFlag(body: unknown): FlagDefinition {
  const { definition, issues } = definitionIn(body, []);
  if (issues.length > 0) throw new ValidationError(issues);
  return definition;
}

/**
 * The definition and expected version of an update request for flag `key`: the body is the
 * new definition (its `key`, when given, must be `key`) plus `expectedVersion`.
 * @throws ValidationError listing every invalid or unknown field
 */
export function parseFlagUpdate(
  key: string,
  body: unknown,
): { definition: FlagDefinition; expectedVersion: number } {
  const keyed = isRecord(body) && body.key === undefined ? { ...body, key } : body;
  const { definition, issues } = definitionIn(keyed, ['expectedVersion']);
  if (definition.key !== key) {
    issues.push({ path: 'key', message: `must be "${key}", the key in the path`, rule: 'equals' });
  }
  let expectedVersion: number | undefined;
  try {
    expectedVersion = parseExpectedVersion((body as Record<string, unknown>).expectedVersion);
    if (expectedVersion === undefined) {
      issues.push({
        path: 'expectedVersion',
        message: 'is required (the version you read)',
        rule: 'isDefined',
      });
    }
  } catch (error) {
    issues.push(...(error as ValidationError).issues);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { definition, expectedVersion: expectedVersion! };
}
