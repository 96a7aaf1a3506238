import type { SpecScalar } from '@cqrs-ddd/core';

/** A MongoDB range operator. */
export type RangeOperator = '$gt' | '$gte' | '$lt' | '$lte';

/**
 * One condition on a single value: every MongoDB operator of `ops` holds (`{ $gt: 5 }`,
 * `{ $in: [...] }`), the value matches every `matches` pattern and none of the `excludes`
 * patterns (unanchored regex bodies, matched from the start of the string).
 */
export interface ValueTest {
  readonly ops: Readonly<Record<string, unknown>>;
  readonly matches: readonly string[];
  readonly excludes: readonly string[];
}

/** Escapes `text` so that a regex (PCRE in MongoDB, JavaScript in mingo) matches it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&').replaceAll('\0', '\\x00');
}

// Written with literal characters, not `\u` escapes, so PCRE (which has no `\u`) and
// JavaScript read the same classes. In PCRE's UTF-8 mode the second class is "any character
// beyond U+FFFF"; in JavaScript without the `u` flag it is "a surrogate code unit".
const PRIVATE_USE_TO_FFFF = '[\uE000-\uFFFF]';
const BEYOND_BMP = '[^\\x00-\uD7FF\uE000-\uFFFF]';

/**
 * Where code-point order (MongoDB's binary UTF-8 comparison, and `evaluate`'s) and UTF-16
 * code-unit order (JavaScript `<`, hence mingo and the stand-in server) disagree about
 * strings compared with `bound`: they differ only where the first differing character is
 * beyond U+FFFF on one side and in U+E000–U+FFFF on the other.
 * - `utf16Above`: strings UTF-16 puts above `bound` though their code points are below it;
 * - `utf16Below`: strings UTF-16 puts below `bound` though their code points are above it.
 * Absent when there are none (every bound without such characters).
 */
export function codePointMismatches(bound: string): { utf16Above?: string; utf16Below?: string } {
  const above: string[] = [];
  const below: string[] = [];
  for (let i = 0; i < bound.length;) {
    const codePoint = bound.codePointAt(i) as number;
    const prefix = escapeRegex(bound.slice(0, i));
    if (codePoint > 0xffff) above.push(prefix + PRIVATE_USE_TO_FFFF);
    else if (codePoint >= 0xe000) below.push(prefix + BEYOND_BMP);
    i += codePoint > 0xffff ? 2 : 1;
  }
  return {
    ...(above.length > 0 ? { utf16Above: above.join('|') } : {}),
    ...(below.length > 0 ? { utf16Below: below.join('|') } : {}),
  };
}

/**
 * `value <op> bound` in code-point order, as alternatives (any may hold) of single-value
 * tests that mean the same under code-point and under UTF-16 order: the plain comparison
 * minus the strings UTF-16 wrongly includes, plus those it wrongly leaves out. Where the two
 * orders agree (always, for numbers, booleans and most strings) it is the comparison alone.
 */
export function rangeTests(op: RangeOperator, bound: SpecScalar): ValueTest[] {
  const plain: ValueTest = { ops: { [op]: bound }, matches: [], excludes: [] };
  if (typeof bound !== 'string') return [plain];
  const { utf16Above, utf16Below } = codePointMismatches(bound);
  const upward = op === '$gt' || op === '$gte';
  const wronglyIn = upward ? utf16Above : utf16Below;
  const wronglyOut = upward ? utf16Below : utf16Above;
  return [
    { ...plain, excludes: wronglyIn === undefined ? [] : [wronglyIn] },
    ...(wronglyOut === undefined ? [] : [{ ops: {}, matches: [wronglyOut], excludes: [] }]),
  ];
}

/** Both conditions on the same value: the pairwise conjunctions of their alternatives. */
export function bothTests(a: readonly ValueTest[], b: readonly ValueTest[]): ValueTest[] {
  return a.flatMap((x) =>
    b.map((y) => ({
      ops: { ...x.ops, ...y.ops },
      matches: [...x.matches, ...y.matches],
      excludes: [...x.excludes, ...y.excludes],
    })),
  );
}

/** The number of separate conditions in `test`. */
export function conditionCount(test: ValueTest): number {
  return Object.keys(test.ops).length + test.matches.length + test.excludes.length;
}

/** `test` as one MongoDB operator document, applied to one value. */
export function valueCondition(test: ValueTest): Record<string, unknown> {
  return {
    ...test.ops,
    ...(test.matches.length === 0 ? {} : { $regex: allPatterns(test.matches) }),
    ...(test.excludes.length === 0 ? {} : { $not: { $regex: `^(?:${test.excludes.join('|')})` } }),
  };
}

function allPatterns(bodies: readonly string[]): string {
  return bodies.length === 1
    ? `^(?:${bodies[0]})`
    : `^${bodies.map((body) => `(?=${body})`).join('')}`;
}
