import { describe, expect, it } from '@jest/globals';
import { ConcurrencyError, isConcurrencyError } from './concurrency.error.js';
import { isNotFoundError } from './not-found.error.js';

describe('ConcurrencyError', () => {
  it('carries expected and actual versions and a stable code', () => {
    const error = new ConcurrencyError('order-1', 3, 5);
    expect(error.code).toBe('CONCURRENCY_CONFLICT');
    expect(error.expected).toBe(3);
    expect(error.actual).toBe(5);
    expect(error.message).toContain('expected version 3 but found 5');
    expect(isConcurrencyError(error)).toBe(true);
    expect(isNotFoundError(error)).toBe(false);
    expect(isConcurrencyError(new Error('x'))).toBe(false);
  });
});
