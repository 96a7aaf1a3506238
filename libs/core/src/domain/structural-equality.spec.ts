import { describe, expect, it } from '@jest/globals';
import { deepFrozenCopy } from './deep-freeze.js';
import { isPlainObject, structurallyEqual } from './structural-equality.js';

describe('structurallyEqual', () => {
  it.each([
    [1, 1, true],
    [Number.NaN, Number.NaN, true],
    [0, -0, true],
    ['a', 'b', false],
    [1, '1', false],
    [null, undefined, false],
    [null, {}, false],
    [new Date(5), new Date(5), true],
    [new Date(5), new Date(6), false],
    [new Date(5), 5, false],
    [[1, [2, 3]], [1, [2, 3]], true],
    [[1, 2], [2, 1], false],
    [[1], [1, 1], false],
    [{ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: undefined }, { b: undefined }, false],
    [[], {}, false],
  ])('%p vs %p → %p', (a, b, expected) => {
    expect(structurallyEqual(a, b)).toBe(expected);
    expect(structurallyEqual(b, a)).toBe(expected);
  });

  it('delegates to equals() and treats other objects by reference', () => {
    const caseless = (s: string) => ({
      s,
      equals: (o: unknown) => (o as { s: string }).s.toLowerCase() === s.toLowerCase(),
    });
    expect(structurallyEqual(caseless('A'), caseless('a'))).toBe(true);
    const map = new Map([[1, 1]]);
    expect(structurallyEqual(map, map)).toBe(true);
    expect(structurallyEqual(map, new Map([[1, 1]]))).toBe(false);
    class Point {
      constructor(readonly x: number) {}
    }
    expect(structurallyEqual(new Point(1), new Point(1))).toBe(false);
  });

  it('recognises plain objects', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
  });
});

describe('deepFrozenCopy', () => {
  it('copies containers, keeps foreign instances and primitives', () => {
    const map = new Map<string, number>();
    const source = { list: [{ n: 1 }], map, n: 1 };
    const copy = deepFrozenCopy(source);
    expect(copy).toEqual(source);
    expect(copy).not.toBe(source);
    expect(copy.list).not.toBe(source.list);
    expect(copy.map).toBe(map);
    expect(Object.isFrozen(copy.list[0])).toBe(true);
    expect(Object.isFrozen(source)).toBe(false);
    expect(deepFrozenCopy('s')).toBe('s');
    const bare = deepFrozenCopy(Object.assign(Object.create(null) as object, { a: 1 }));
    expect(Object.getPrototypeOf(bare)).toBeNull();
  });
});
