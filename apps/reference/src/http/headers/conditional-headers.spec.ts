import { describe, expect, it } from '@jest/globals';
import { isValidationError } from '@cqrs-ddd/core';
import {
  parseIdempotencyKey,
  parseIfMatch,
  parseMinVersionHeader,
  versionETag,
} from './conditional-headers.js';

function issuePath(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isValidationError(error) ? error.issues[0]?.path : 'not a ValidationError';
  }
  return undefined;
}

describe('conditional headers', () => {
  it('round-trips ETag and If-Match', () => {
    expect(versionETag(3)).toBe('"3"');
    expect(parseIfMatch(versionETag(3))).toBe(3);
    expect(parseIfMatch(' 12 ')).toBe(12);
  });

  it('asks for no version when If-Match is absent, empty or *', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['abc', 'W/"3"', '"1", "2"', '"0"', '-1', '"3', '1.5'])('rejects If-Match %p', (value) =>
    expect(issuePath(() => parseIfMatch(value))).toBe('If-Match'),
  );

  it('parses X-Min-Version', () => {
    expect(parseMinVersionHeader(undefined)).toBeUndefined();
    expect(parseMinVersionHeader('4')).toBe(4);
    for (const value of ['0', 'x', '1.5', '-2']) {
      expect(issuePath(() => parseMinVersionHeader(value))).toBe('X-Min-Version');
    }
  });

  it('accepts idempotency keys of visible ASCII only', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('0190a7b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b')).toBe(
      '0190a7b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b',
    );
    for (const value of ['', 'two words', 'ü', 'x'.repeat(256)]) {
      expect(issuePath(() => parseIdempotencyKey(value))).toBe('Idempotency-Key');
    }
  });
});
