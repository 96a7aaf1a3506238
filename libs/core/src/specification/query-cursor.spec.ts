import { describe, expect, it } from '@jest/globals';
import { isValidationError } from '../errors/validation.error.js';
import { compareRows } from './apply-query-options.js';
import {
  cursorAfterSpecification,
  cursorValuesOf,
  decodeCursor,
  encodeCursor,
  sortValueOf,
} from './query-cursor.js';
import { normalizeSort } from './query-options.js';
import { evaluate } from './specification.evaluator.js';
import type { Specification } from './specification.types.js';

const sort = normalizeSort([{ field: 'updatedAt', direction: 'desc' }]);
const filter: Specification = { op: 'eq', field: 'status', value: 'confirmed' };

function rejection(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (isValidationError(error)) return error.issues.map((issue) => `${issue.path}:${issue.rule}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips the sort values of a row, URL-safe', () => {
    const values = cursorValuesOf({ id: 'o/1+2', updatedAt: '2024-01-01T00:00:00.000Z' }, sort);
    expect(values).toEqual(['2024-01-01T00:00:00.000Z', 'o/1+2']);
    const cursor = encodeCursor(values, { sort, filter });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { sort, filter })).toEqual(values);
  });

  it('round-trips nulls, numbers, booleans and text beyond the BMP', () => {
    const wide = normalizeSort([
      { field: 'a', direction: 'asc' },
      { field: 'b', direction: 'asc' },
      { field: 'c', direction: 'desc' },
    ]);
    const values = [null, -1.5, true, 'Zoë 東京 \u{1F600}'];
    expect(decodeCursor(encodeCursor(values, { sort: wide }), { sort: wide })).toEqual(values);
  });

  it('accepts the same filter built with another key order', () => {
    const cursor = encodeCursor(['x', 'o1'], { sort, filter });
    const reordered = { value: 'confirmed', field: 'status', op: 'eq' } as Specification;
    expect(decodeCursor(cursor, { sort, filter: reordered })).toEqual(['x', 'o1']);
  });

  it('rejects cursors of another sort or filter, altered or malformed ones, at path "cursor"', () => {
    const cursor = encodeCursor(['x', 'o1'], { sort, filter });
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { k: string[] };
    const forge = (change: (p: { k: unknown[]; v?: unknown }) => void) => {
      const copy = structuredClone(payload) as { k: unknown[] };
      change(copy);
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    };
    const attempts: [string, Parameters<typeof decodeCursor>[1]][] = [
      [cursor, { sort: normalizeSort([{ field: 'updatedAt', direction: 'asc' }]), filter }],
      [cursor, { sort }],
      [cursor, { sort, filter: { ...filter, value: 'pending' } }],
      [forge((p) => (p.k[0] = 'y')), { sort, filter }],
      [forge((p) => p.k.push('extra')), { sort, filter }],
      [forge((p) => (p.k[0] = { $gt: '' })), { sort, filter }],
      [forge((p) => (p.v = 2)), { sort, filter }],
      ['', { sort, filter }],
      ['%%%', { sort, filter }],
      [Buffer.from('not json').toString('base64url'), { sort, filter }],
      [Buffer.from([0xff, 0xfe]).toString('base64url'), { sort, filter }],
      ['a'.repeat(5000), { sort, filter }],
    ];
    for (const [text, query] of attempts) {
      expect(rejection(() => decodeCursor(text, query))).toEqual(['cursor:isCursor']);
    }
  });
});

describe('sortValueOf', () => {
  it('is the scalar at the path, else null', () => {
    const row = { a: { b: 1 }, list: [1, 2], one: [3], when: new Date(0), nil: null };
    expect(sortValueOf(row, 'a.b')).toBe(1);
    expect(sortValueOf(row, 'a')).toBeNull();
    expect(sortValueOf(row, 'list')).toBeNull();
    expect(sortValueOf(row, 'missing')).toBeNull();
    expect(sortValueOf(row, 'nil')).toBeNull();
    expect(sortValueOf(row, 'when')).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('cursorAfterSpecification', () => {
  it('matches exactly the rows that sort after the cursor row (randomised, ties and nulls)', () => {
    const next = random(42);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    for (let round = 0; round < 30; round += 1) {
      const rows = Array.from({ length: 25 }, (_, i) => ({
        id: `r${String(i).padStart(2, '0')}`,
        n: pick([null, undefined, 1, 2, 2.5, -3]),
        s: pick([null, 'a', 'b', 'B', '\u{1F600}', '\uFF21']),
        f: pick([true, false, null]),
      }));
      const keys = [
        { field: pick(['n', 's', 'f']), direction: pick(['asc', 'desc'] as const) },
        { field: pick(['n', 's', 'f']), direction: pick(['asc', 'desc'] as const) },
      ].filter((key, i, all) => all.findIndex((k) => k.field === key.field) === i);
      const order = normalizeSort(keys);
      const sorted = [...rows].sort(compareRows(order));
      sorted.forEach((cursorRow, position) => {
        const after = cursorAfterSpecification(order, cursorValuesOf(cursorRow, order));
        const matched = sorted.filter((row) => evaluate(after, row));
        expect(matched).toEqual(sorted.slice(position + 1));
      });
    }
  });

  it('is a simple comparison on the tie-breaker alone', () => {
    expect(cursorAfterSpecification(normalizeSort([]), ['o5'])).toEqual({
      op: 'gt',
      field: 'id',
      value: 'o5',
    });
  });
});
