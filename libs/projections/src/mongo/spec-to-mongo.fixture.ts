import type { ComparisonOperator, SpecScalar, Specification } from '@cqrs-ddd/core';

/**
 * Documents beyond core's semantics table, shaped to break a filter compiler: arrays of
 * objects missing the field or holding arrays, nulls inside arrays, empty arrays, numbers and
 * strings in one array, strings around U+E000–U+FFFF and beyond U+FFFF, strings ending in a
 * newline, an object with a numeric key.
 *
 * Two shapes are left out because mingo (hence the stand-in server) departs from MongoDB
 * there, so agreement would prove nothing: arrays directly inside arrays (mingo looks into
 * them at any depth; MongoDB and `evaluate` one level only) and a dotted path through an
 * array of scalars (mingo resolves `b` of the element `5` to `5` itself inside `$elemMatch`).
 */
export const TRICKY_DOCUMENTS: readonly { readonly id: string; [key: string]: unknown }[] = [
  { id: 'e1', a: [{ b: 1 }, {}], n: [1, 10], s: ['ab', 'x\uE000', '\u{1F600}'], t: { b: 1 } },
  { id: 'e2', a: [null, { b: 'x' }], n: 5, s: 'abc', t: [{ b: [] }, { c: 1 }] },
  { id: 'e3', a: [{ b: 5 }], n: [], s: [] },
  { id: 'e4', a: { b: [null] }, n: [5, 'x', true], s: ['\uFFFF', 'a\n'], t: [] },
  { id: 'e5', a: [{ b: [1, 3] }, { b: 2 }], n: [2, 'x'], s: 'x\u{1F600}', t: null },
  { id: 'e6', a: [], n: null, s: null, t: [{ b: [5, null] }] },
  { id: 'e7', a: [{ b: [] }, { b: null }], s: 'ab\n', t: { b: [] } },
  { id: 'e8', a: { b: 2, 0: { b: 'zero' } }, n: 3, s: '\uE000x', t: [{ b: 'a\uFFFF' }] },
];

const FIELDS = ['a', 'a.b', 'a.0.b', 'a.0', 'n', 'n.0', 's', 't.b', 'missing.x'];
const VALUES: SpecScalar[] = [1, 2, 5, 'ab', 'x', 'a', '\uE000', '\uFFFF', '\u{1F600}', true];

/** Every comparison operator on every field of {@link TRICKY_DOCUMENTS} with many values. */
export function trickySpecifications(): Specification[] {
  const specs: Specification[] = [];
  const scalarOps: ComparisonOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains'];
  for (const field of FIELDS) {
    specs.push({ op: 'isNull', field }, { op: 'exists', field });
    for (const value of VALUES) {
      for (const op of scalarOps) specs.push({ op, field, value } as Specification);
      if (typeof value === 'string') {
        specs.push({ op: 'startsWith', field, value }, { op: 'endsWith', field, value });
      }
    }
    for (const values of [[], [1, 'x'], ['ab', '\u{1F600}'], [5]] as SpecScalar[][]) {
      for (const op of ['in', 'nin', 'containsAny', 'containsAll'] as const) {
        specs.push({ op, field, values });
      }
    }
    for (const [from, to] of [
      [1, 5],
      [2, 2],
      ['a', 'b'],
      ['\uE000', '\u{1F600}'],
      ['x', '\uFFFF'],
      [1, 'z'],
    ] as [SpecScalar, SpecScalar][]) {
      specs.push({ op: 'between', field, from, to });
    }
  }
  specs.push(
    { op: 'endsWith', field: 's', value: '' },
    { op: 'startsWith', field: 's', value: '' },
  );
  return [...specs, ...specs.slice(0, 40).map((spec) => ({ op: 'not', spec }) as const)];
}
