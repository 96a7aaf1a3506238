import { describe, expect, it } from '@jest/globals';
import { isValidationError, type ValidationError } from '@cqrs-ddd/core';
import {
  parseExpectedVersion,
  parseFlagScope,
  parseFlagUpdate,
  parseNewFlag,
} from './feature-flag-admin.input.js';

const pathsOf = (parse: () => unknown): string[] => {
  try {
    parse();
  } catch (error) {
    expect(isValidationError(error)).toBe(true);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError');
};

describe('admin API input', () => {
  it('takes a flag definition, refusing unknown fields and bad keys', () => {
    expect(parseNewFlag({ key: 'a.b:c-d_1', enabled: true, defaultValue: 3 })).toEqual({
      key: 'a.b:c-d_1',
      enabled: true,
      defaultValue: 3,
    });
    expect(
      pathsOf(() => parseNewFlag({ key: '-x', enabled: true, defaultValue: true, extra: 1 })),
    ).toEqual(['extra', 'key']);
    expect(pathsOf(() => parseNewFlag({ enabled: true, defaultValue: true }))).toEqual(['key']);
    expect(pathsOf(() => parseNewFlag([]))).toEqual(['']);
    expect(pathsOf(() => parseNewFlag(null))).toEqual(['']);
  });

  it('takes an update: the key from the path and a required expected version', () => {
    expect(
      parseFlagUpdate('a', { enabled: false, defaultValue: true, expectedVersion: 4 }),
    ).toEqual({
      definition: { key: 'a', enabled: false, defaultValue: true },
      expectedVersion: 4,
    });
    expect(pathsOf(() => parseFlagUpdate('a', { enabled: false, defaultValue: true }))).toEqual([
      'expectedVersion',
    ]);
    expect(
      pathsOf(() =>
        parseFlagUpdate('a', { key: 'b', enabled: 1, defaultValue: true, expectedVersion: 0 }),
      ),
    ).toEqual(['enabled', 'key', 'expectedVersion']);
  });

  it('reads scope and expected-version parameters', () => {
    expect(parseFlagScope(undefined)).toBe('tenant');
    expect(parseFlagScope('global')).toBe('global');
    expect(pathsOf(() => parseFlagScope('all'))).toEqual(['scope']);
    expect(parseExpectedVersion('12')).toBe(12);
    expect(parseExpectedVersion(undefined)).toBeUndefined();
    expect(pathsOf(() => parseExpectedVersion('1.5'))).toEqual(['expectedVersion']);
    expect(pathsOf(() => parseExpectedVersion(-1))).toEqual(['expectedVersion']);
  });
});
