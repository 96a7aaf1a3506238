import { isPlainObject } from '../domain/structural-equality.js';
import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';
import {
  isListOperator,
  isPresenceOperator,
  isScalarOperator,
  isTextOperator,
  type SpecScalar,
  type Specification,
} from './specification.types.js';

/** Nesting deeper than this is rejected, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 32;

type Shape = 'and' | 'or' | 'not' | 'scalar' | 'text' | 'list' | 'between' | 'presence';

const ALLOWED_KEYS: Record<Shape, readonly string[]> = {
  and: ['op', 'specs'],
  or: ['op', 'specs'],
  not: ['op', 'spec'],
  scalar: ['op', 'field', 'value'],
  text: ['op', 'field', 'value'],
  list: ['op', 'field', 'values'],
  between: ['op', 'field', 'from', 'to'],
  presence: ['op', 'field'],
};

/** True for a string, a boolean or a finite number. */
export function isSpecScalar(value: unknown): value is SpecScalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * Checks that `input` (typically `JSON.parse`d from another process) is a well-formed
 * specification and returns a copy holding only the known properties. Throws a
 * `ValidationError` listing every problem, each at its path below `path`
 * (e.g. `filter.specs.1.value`).
 */
export function parseSpecification(input: unknown, path = 'filter'): Specification {
  const issues: ValidationIssue[] = [];
  const result = check(input, path, 0, issues);
  if (!result) throw new ValidationError(issues);
  return result;
}

function shapeOf(op: string): Shape | undefined {
  if (op === 'and' || op === 'or' || op === 'not' || op === 'between') return op;
  if (isScalarOperator(op)) return 'scalar';
  if (isTextOperator(op)) return 'text';
  if (isListOperator(op)) return 'list';
  return isPresenceOperator(op) ? 'presence' : undefined;
}

/** Returns the checked node, or `undefined` after recording at least one issue. */
function check(
  input: unknown,
  path: string,
  depth: number,
  issues: ValidationIssue[],
): Specification | undefined {
  const start = issues.length;
  const fail = (at: string, message: string, rule: string): undefined => {
    issues.push({ path: at, message, rule });
  };
  if (depth > MAX_DEPTH) return fail(path, `nests deeper than ${MAX_DEPTH} levels`, 'maxDepth');
  if (!isPlainObject(input) || typeof input.op !== 'string') {
    return fail(path, 'must be an object with a string "op"', 'isSpecification');
  }
  const shape = shapeOf(input.op);
  if (!shape) return fail(`${path}.op`, `unknown operator "${input.op}"`, 'isOperator');
  for (const key of Object.keys(input)) {
    if (!ALLOWED_KEYS[shape].includes(key)) {
      fail(`${path}.${key}`, `is not a property of "${input.op}"`, 'unknownProperty');
    }
  }
  if (shape === 'and' || shape === 'or') {
    if (!Array.isArray(input.specs)) return fail(`${path}.specs`, 'must be an array', 'isArray');
    const specs = input.specs.map((child, i) =>
      check(child, `${path}.specs.${i}`, depth + 1, issues),
    );
    return issues.length > start ? undefined : { op: shape, specs: specs as Specification[] };
  }
  if (shape === 'not') {
    const spec = check(input.spec, `${path}.spec`, depth + 1, issues);
    return spec && issues.length === start ? { op: 'not', spec } : undefined;
  }

  const { field } = input;
  if (typeof field !== 'string' || field.split('.').some((segment) => segment.length === 0)) {
    fail(`${path}.field`, 'must be a dotted path like "customer.address.city"', 'isFieldPath');
  }
  const scalar = (key: string) =>
    isSpecScalar(input[key])
      ? true
      : fail(`${path}.${key}`, 'must be a string, a boolean or a finite number', 'isScalar');
  if (shape === 'scalar') scalar('value');
  if (shape === 'text' && typeof input.value !== 'string') {
    fail(`${path}.value`, 'must be a string', 'isString');
  }
  if (shape === 'list' && !(Array.isArray(input.values) && input.values.every(isSpecScalar))) {
    fail(`${path}.values`, 'must be an array of strings, booleans or finite numbers', 'isArray');
  }
  if (shape === 'between' && scalar('from') && scalar('to')) {
    if (typeof input.from !== typeof input.to) {
      fail(`${path}.to`, 'must have the same type as "from"', 'sameType');
    }
  }
  if (issues.length > start) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of ALLOWED_KEYS[shape]) {
    copy[key] = Array.isArray(input[key]) ? [...(input[key] as unknown[])] : input[key];
  }
  return copy as unknown as Specification;
}
