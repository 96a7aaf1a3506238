import { describe, expect, it } from '@jest/globals';
import { compareSameType, compareSortValues, compareStrings } from './scalar-order.js';

describe('compareStrings', () => {
  it('orders by code point, unlike UTF-16 code units', () => {
    expect('\u{1F600}' < '\uFF21').toBe(true);
    expect(compareStrings('\u{1F600}', '\uFF21')).toBeGreaterThan(0);
    expect(compareStrings('B', 'a')).toBeLessThan(0);
    expect(compareStrings('ab', 'abc')).toBeLessThan(0);
    expect(compareStrings('abc', 'ab')).toBeGreaterThan(0);
    expect(compareStrings('a\u{1F600}', 'a\u{1F600}')).toBe(0);
  });
});

describe('compareSameType', () => {
  it('compares values of one type and refuses mixed types', () => {
    expect(compareSameType(2, 10)).toBeLessThan(0);
    expect(compareSameType('2', '10')).toBeGreaterThan(0);
    expect(compareSameType(false, true)).toBeLessThan(0);
    expect(compareSameType('1', 1)).toBeUndefined();
    expect(compareSameType(null, 1)).toBeUndefined();
  });
});

describe('compareSortValues', () => {
  it('ranks non-scalars like null', () => {
    expect(compareSortValues(undefined, null)).toBe(0);
    expect(compareSortValues([1], 0)).toBeLessThan(0);
    expect(compareSortValues({}, null)).toBe(0);
  });

  it('puts null first, then numbers, strings, booleans', () => {
    const values = [true, 'a', 2, null, 1, 'B', false];
    expect([...values].sort(compareSortValues)).toEqual([null, 1, 2, 'B', 'a', false, true]);
  });
});
