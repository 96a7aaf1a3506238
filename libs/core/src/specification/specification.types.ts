/**
 * The query AST: plain, JSON-serialisable objects discriminated by `op`, so a specification can
 * cross process boundaries (`JSON.stringify` → `parseSpecification`) and adapters can compile
 * it to SQL or MongoDB filters. What each node means is defined once, by `evaluate` in
 * `specification.evaluator.ts`; every compiler must agree with it.
 */

/**
 * A value a comparison compares against. There is no `null` (test absence with `isNull`) and
 * no `Date`: dates travel as canonical ISO-8601 UTC strings (`Date#toISOString()`), which
 * order chronologically as text. The builder converts `Date` arguments for you.
 */
export type SpecScalar = string | number | boolean;

/** Operators comparing the field with one value. */
export type ScalarOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains';

/** Operators matching the start or end of a string field. */
export type TextOperator = 'startsWith' | 'endsWith';

/** Operators comparing the field with a list of values. */
export type ListOperator = 'in' | 'nin' | 'containsAny' | 'containsAll';

/** Operators testing whether the field is there at all. */
export type PresenceOperator = 'isNull' | 'exists';

/** `field <op> value`. */
export interface ScalarComparison {
  readonly op: ScalarOperator;
  /** Dotted path, e.g. `customer.address.city` or `items.productId` (any element). */
  readonly field: string;
  readonly value: SpecScalar;
}

/** `field startsWith/endsWith value` (strings only, case-sensitive). */
export interface TextComparison {
  readonly op: TextOperator;
  readonly field: string;
  readonly value: string;
}

/** `field <op> [values]`. */
export interface ListComparison {
  readonly op: ListOperator;
  readonly field: string;
  readonly values: readonly SpecScalar[];
}

/** `from <= field <= to` (both bounds inclusive, same type as the field). */
export interface BetweenComparison {
  readonly op: 'between';
  readonly field: string;
  readonly from: SpecScalar;
  readonly to: SpecScalar;
}

/** `field isNull` (null or missing) / `field exists` (present, possibly null). */
export interface PresenceCheck {
  readonly op: PresenceOperator;
  readonly field: string;
}

/** Any leaf of the AST. */
export type Comparison =
  ScalarComparison | TextComparison | ListComparison | BetweenComparison | PresenceCheck;

/** Every child matches; an empty `and` matches everything. */
export interface AndSpecification {
  readonly op: 'and';
  readonly specs: readonly Specification[];
}

/** At least one child matches; an empty `or` matches nothing. */
export interface OrSpecification {
  readonly op: 'or';
  readonly specs: readonly Specification[];
}

/** Plain boolean negation (two-valued logic, unlike SQL's `NOT` on `NULL`). */
export interface NotSpecification {
  readonly op: 'not';
  readonly spec: Specification;
}

/** A node of the query AST. */
export type Specification = Comparison | AndSpecification | OrSpecification | NotSpecification;

/** Every comparison operator. */
export type ComparisonOperator = Comparison['op'];

/** Every comparison operator, in a stable order (useful for allow-lists and tables). */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'between',
  'contains',
  'startsWith',
  'endsWith',
  'isNull',
  'exists',
  'containsAny',
  'containsAll',
];

const SCALAR_OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains']);
const TEXT_OPERATORS = new Set<string>(['startsWith', 'endsWith']);
const LIST_OPERATORS = new Set<string>(['in', 'nin', 'containsAny', 'containsAll']);
const PRESENCE_OPERATORS = new Set<string>(['isNull', 'exists']);

/** True for `eq`, `ne`, `gt`, `gte`, `lt`, `lte`, `contains`. */
export function isScalarOperator(op: string): op is ScalarOperator {
  return SCALAR_OPERATORS.has(op);
}

/** True for `startsWith`, `endsWith`. */
export function isTextOperator(op: string): op is TextOperator {
  return TEXT_OPERATORS.has(op);
}

/** True for `in`, `nin`, `containsAny`, `containsAll`. */
export function isListOperator(op: string): op is ListOperator {
  return LIST_OPERATORS.has(op);
}

/** True for `isNull`, `exists`. */
export function isPresenceOperator(op: string): op is PresenceOperator {
  return PRESENCE_OPERATORS.has(op);
}

/** True for any of {@link COMPARISON_OPERATORS}. */
export function isComparisonOperator(op: string): op is ComparisonOperator {
  return (
    isScalarOperator(op) ||
    isTextOperator(op) ||
    isListOperator(op) ||
    isPresenceOperator(op) ||
    op === 'between'
  );
}
