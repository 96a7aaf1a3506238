import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { jsonValueIssue, utf8ByteLength } from './json-payload.js';

describe('utf8ByteLength', () => {
  it.each(['', 'abc', 'é', 'Zoë → 東京 ✓', '𝄞🎉', 'a\u00ffb\u0800c'])(
    'counts %j like UTF-8',
    (text) => {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    },
  );
});

describe('jsonValueIssue', () => {
  it('accepts plain JSON, null prototypes and undefined object properties', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(
      jsonValueIssue({ a: [1, 'x', null, true, { b: 2.5 }], bare, gone: undefined }, 'd'),
    ).toBe(undefined);
  });

  it('accepts plain objects of another realm and still rejects class instances from it', () => {
    const foreign = runInNewContext('({ a: { b: [1, 2] } })') as object;
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(jsonValueIssue(foreign, 'd')).toBeUndefined();
    const instance = runInNewContext('new (class Money { constructor() { this.v = 1; } })()');
    expect(jsonValueIssue({ m: instance }, 'd')?.path).toBe('d.m');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(jsonValueIssue({ a: shared, b: [shared, shared] }, 'd')).toBeUndefined();
  });

  it('reports the path of the first offending value', () => {
    expect(jsonValueIssue({ a: { b: [0, Number.NaN] } }, 'data')).toEqual({
      path: 'data.a.b.1',
      message: 'must be a finite number',
      rule: 'isJson',
    });
  });

  it('rejects keys PostgreSQL cannot store', () => {
    expect(jsonValueIssue({ 'a\u0000': 1 }, 'd')).toMatchObject({ path: 'd', rule: 'isJson' });
  });
});
