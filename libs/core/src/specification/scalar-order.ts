import type { SpecScalar } from './specification.types.js';

/**
 * Compares strings by Unicode code point: the order of MongoDB's simple collation and of
 * PostgreSQL's `COLLATE "C"` on UTF-8 (JavaScript's `<` compares UTF-16 code units, which
 * differs for characters above U+FFFF).
 */
export function compareStrings(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (a.length - i > 0 ? 1 : 0) - (b.length - j > 0 ? 1 : 0);
}

/**
 * Orders two scalars of the same type (numbers numerically, strings by code point,
 * `false < true`); `undefined` when their types differ, because comparisons never cross types.
 */
export function compareSameType(a: unknown, b: SpecScalar): number | undefined {
  if (typeof a !== typeof b) return undefined;
  if (typeof a === 'number') return a - (b as number) || 0;
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return undefined;
}

const TYPE_RANK: Record<string, number> = { number: 1, string: 2, boolean: 3 };

/**
 * Total order used for sorting: `null`/missing (and anything that is not a scalar) first, then
 * numbers, then strings, then booleans — MongoDB's cross-type order for these types.
 */
export function compareSortValues(a: unknown, b: unknown): number {
  const rankA = TYPE_RANK[typeof a] ?? 0;
  const rankB = TYPE_RANK[typeof b] ?? 0;
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 0) return 0;
  return compareSameType(a, b as SpecScalar) as number;
}
