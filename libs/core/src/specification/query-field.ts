import type { ValidationIssue } from '../errors/validation.error.js';
import type { FieldPath } from './field-path.js';
import type { FilterTerm } from './filter-string.parser.js';
import { type QueryFieldType, coerceQueryValue } from './query-value.coercion.js';
import { compareSameType } from './scalar-order.js';
import {
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  type SpecScalar,
  type Specification,
  isComparisonOperator,
  isListOperator,
  isPresenceOperator,
} from './specification.types.js';

/** How clients may filter and sort by one field. */
export interface QueryFieldDefinition<T = unknown> {
  /** Type filter values are coerced to (see `coerceQueryValue`). */
  readonly type: QueryFieldType;
  /**
   * Operators clients may use.
   * @default string: eq, ne, in, nin; number, integer, date: eq, ne, gt, gte, lt, lte, in, nin,
   * between; boolean: eq, ne
   */
  readonly ops?: readonly ComparisonOperator[];
  /**
   * Allowed values of a `string` field, checked for eq, ne, in, nin, containsAny, containsAll.
   * @default any string
   */
  readonly enum?: readonly string[];
  /** Whether clients may sort by this field. @default false */
  readonly sortable?: boolean;
  /** Document path, when it differs from the API name. @default the API name */
  readonly path?: FieldPath<T>;
}

const DEFAULT_OPS: Record<QueryFieldType, readonly ComparisonOperator[]> = {
  string: ['eq', 'ne', 'in', 'nin'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between'],
  integer: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between'],
  boolean: ['eq', 'ne'],
};
const ENUM_CHECKED = new Set<ComparisonOperator>([
  'eq',
  'ne',
  'in',
  'nin',
  'containsAny',
  'containsAll',
]);
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A field definition with its defaults applied. */
export interface ResolvedQueryField {
  readonly type: QueryFieldType;
  readonly ops: readonly ComparisonOperator[];
  readonly enum?: readonly string[];
  readonly sortable: boolean;
  readonly path: string;
}

/** Applies defaults to a field definition; throws a `TypeError` when it is inconsistent. */
export function resolveQueryField<T>(
  name: string,
  field: QueryFieldDefinition<T>,
): ResolvedQueryField {
  const fail = (message: string): never => {
    throw new TypeError(`Query schema field "${name}": ${message}`);
  };
  if (!FIELD_NAME.test(name)) fail('names may hold letters, digits, "_" and "."');
  if (!(field.type in DEFAULT_OPS)) fail(`unknown type "${String(field.type)}"`);
  const ops = field.ops ?? DEFAULT_OPS[field.type];
  for (const op of ops) {
    if (!COMPARISON_OPERATORS.includes(op)) fail(`unknown operator "${op}"`);
    if ((op === 'startsWith' || op === 'endsWith') && field.type !== 'string') {
      fail(`${op} needs a string field`);
    }
  }
  if (field.enum && (field.type !== 'string' || field.enum.length === 0)) {
    fail('enum needs a string field and at least one value');
  }
  const path = (field.path as string | undefined) ?? name;
  if (path.split('.').some((segment) => segment.length === 0)) fail(`invalid path "${path}"`);
  return {
    type: field.type,
    ops: [...ops],
    enum: field.enum,
    sortable: field.sortable ?? false,
    path,
  };
}

/**
 * Turns one parsed filter term into a comparison, checking the field, operator, number of
 * values and coercing each value; problems are pushed to `issues` at `filter.<field>`.
 */
export function compileFilterTerm(
  term: FilterTerm,
  fields: ReadonlyMap<string, ResolvedQueryField>,
  maxListValues: number,
  issues: ValidationIssue[],
): Specification | undefined {
  const path = `filter.${term.field}`;
  const fail = (message: string, rule: string): undefined => {
    issues.push({ path, message, rule });
  };
  const field = fields.get(term.field);
  if (!field) {
    return fail(
      `unknown field; filterable fields: ${[...fields.keys()].join(', ')}`,
      'unknownField',
    );
  }
  const op = term.operator;
  if (!isComparisonOperator(op) || !field.ops.includes(op)) {
    return fail(
      `operator "${op}" is not allowed; use one of: ${field.ops.join(', ') || 'none'}`,
      isComparisonOperator(op) ? 'operatorNotAllowed' : 'unknownOperator',
    );
  }
  const values = term.values;
  if (isPresenceOperator(op)) {
    const flag = values === undefined ? 'true' : values.join('|');
    if (flag !== 'true' && flag !== 'false') {
      return fail(`${op} takes no value, or true/false`, 'invalidValue');
    }
    const check: Specification = { op, field: field.path };
    return flag === 'true' ? check : { op: 'not', spec: check };
  }
  if (values === undefined) return fail(`operator "${op}" needs a value`, 'invalidValue');
  const expected = op === 'between' ? 2 : isListOperator(op) ? undefined : 1;
  if (expected !== undefined && values.length !== expected) {
    return fail(
      expected === 2
        ? 'between needs two values: from|to'
        : `operator "${op}" takes one value (escape "|" in values as "\\|")`,
      'invalidValue',
    );
  }
  if (values.length > maxListValues) {
    return fail(`takes at most ${maxListValues} values`, 'maxValues');
  }
  const allowed = ENUM_CHECKED.has(op) ? field.enum : undefined;
  const coerced: SpecScalar[] = [];
  for (const text of values) {
    const result = coerceQueryValue(text, field.type, allowed);
    if ('error' in result) return fail(result.error, 'invalidValue');
    coerced.push(result.value);
  }
  if (op === 'between') {
    const [from, to] = coerced;
    if ((compareSameType(from, to) ?? 0) > 0) {
      return fail('between: from must not exceed to', 'invalidValue');
    }
    return { op, field: field.path, from, to };
  }
  if (isListOperator(op)) return { op, field: field.path, values: coerced };
  return { op, field: field.path, value: coerced[0] } as Specification;
}
