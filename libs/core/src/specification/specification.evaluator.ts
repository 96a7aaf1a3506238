import { normalizeValue, resolveFieldPath } from './field-path.js';
import { compareSameType } from './scalar-order.js';
import { type SpecInput, toSpecification } from './spec-input.js';
import type { Comparison, SpecScalar } from './specification.types.js';

/**
 * Whether `target` satisfies `spec`. This function *is* the meaning of a specification: the
 * SQL and MongoDB compilers of the read-model adapters must return the same rows (the shared
 * table in `testing/contracts/specification-semantics.cases.ts` checks it).
 *
 * Paths (see `resolveFieldPath`):
 * - `a.b.c` walks own properties; arrays met on the way fan out, so `items.productId` reaches
 *   the `productId` of every item; `items.0.productId` selects one index.
 * - A comparison matches when ANY reached value matches ("any element"). Scalar operators also
 *   look inside a reached array (`tags eq 'vip'` matches `tags: ['vip', 'eu']`), one level deep.
 *
 * Values:
 * - Type-strict: `5` never equals `'5'`; `gt`/`lt`/`between` only compare values of the same
 *   type (numbers numerically, strings by Unicode code point, `false < true`), so
 *   `total gt 100` never matches `total: '150'`.
 * - Dates: a `Date` in the document counts as its `toISOString()` text; specifications carry
 *   dates as canonical ISO-8601 UTC strings, which order chronologically as text. Store dates
 *   in read models as such strings (adapters normalise documents to JSON, which does it).
 * - Objects and arrays are never equal to a scalar.
 * - String operators (`contains`, `startsWith`, `endsWith`, and all comparisons) are
 *   case-sensitive; there is no collation.
 *
 * Absence:
 * - `null` and missing are not values: every comparison with them is false — except `ne` and
 *   `nin`, which are exactly `not(eq)` and `not(in)`, so they match documents where the field
 *   is null or missing (as MongoDB does; SQL needs `IS DISTINCT FROM` / `COALESCE`).
 * - `isNull`: some reached value is `null` or missing (also when a parent object is missing).
 * - `exists`: some reached value is present, even if it is `null`. A fan-out over an empty
 *   array reaches nothing: neither `isNull` nor `exists` holds.
 * - `not` is plain boolean negation.
 *
 * Arrays:
 * - `contains` on a string means substring; on an array it means "has an element equal to the
 *   value" (`tags contains 'v'` does not match `['vip']`).
 * - `containsAny` / `containsAll`: the reached values, with arrays expanded, include any / all
 *   of the listed values (a scalar counts as a one-element array). `containsAll []` is true,
 *   `containsAny []` and `in []` are false, `nin []` is true.
 * - `between` needs one value satisfying both bounds (bounds inclusive).
 */
export function evaluate(spec: SpecInput, target: unknown): boolean {
  const node = toSpecification(spec);
  switch (node.op) {
    case 'and':
      return node.specs.every((child) => evaluate(child, target));
    case 'or':
      return node.specs.some((child) => evaluate(child, target));
    case 'not':
      return !evaluate(node.spec, target);
    default:
      return evaluateComparison(node, resolveFieldPath(target, node.field));
  }
}

/** `evaluate`, curried for `rows.filter(matches(spec))`. */
export function matches(spec: SpecInput): (target: unknown) => boolean {
  const node = toSpecification(spec);
  return (target) => evaluate(node, target);
}

function evaluateComparison(node: Comparison, reached: unknown[]): boolean {
  switch (node.op) {
    case 'isNull':
      return reached.some((value) => value === null || value === undefined);
    case 'exists':
      return reached.some((value) => value !== undefined);
    case 'contains':
      return reached.some((value) => containsValue(value, node.value));
    case 'ne':
      return !expand(reached).some((value) => value === node.value);
    case 'nin':
      return !expand(reached).some((value) => node.values.includes(value as SpecScalar));
    case 'containsAll': {
      const values = expand(reached);
      return node.values.every((wanted) => values.includes(wanted));
    }
    default:
      return expand(reached).some((value) => compareValue(node, value));
  }
}

function compareValue(node: Comparison, value: unknown): boolean {
  switch (node.op) {
    case 'eq':
      return value === node.value;
    case 'in':
    case 'containsAny':
      return node.values.includes(value as SpecScalar);
    case 'gt':
      return (compareSameType(value, node.value) ?? 0) > 0;
    case 'gte':
      return (compareSameType(value, node.value) ?? -1) >= 0;
    case 'lt':
      return (compareSameType(value, node.value) ?? 0) < 0;
    case 'lte':
      return (compareSameType(value, node.value) ?? 1) <= 0;
    case 'between':
      return (
        (compareSameType(value, node.from) ?? -1) >= 0 &&
        (compareSameType(value, node.to) ?? 1) <= 0
      );
    case 'startsWith':
      return typeof value === 'string' && value.startsWith(node.value);
    case 'endsWith':
      return typeof value === 'string' && value.endsWith(node.value);
    default:
      return false;
  }
}

function containsValue(value: unknown, wanted: SpecScalar): boolean {
  if (typeof value === 'string') return typeof wanted === 'string' && value.includes(wanted);
  return Array.isArray(value) && value.some((element) => normalizeValue(element) === wanted);
}

/** Reached values with each array replaced by its (date-normalised) elements. */
function expand(reached: unknown[]): unknown[] {
  return reached.flatMap((value) => (Array.isArray(value) ? value.map(normalizeValue) : [value]));
}
