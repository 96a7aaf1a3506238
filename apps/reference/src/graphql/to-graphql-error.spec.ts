import { describe, expect, it } from '@jest/globals';
import { ConcurrencyError, ValidationError } from '@cqrs-ddd/core';
import { describeApiError } from '../http/errors/describe-api-error.js';
import { formatGraphQLError, toGraphQLError } from './to-graphql-error.js';

describe('GraphQL errors', () => {
  it('carry the catalog code, the stable error code and every invalid field', () => {
    const issues = [{ path: 'quantity', message: 'too small', rule: 'min' }];
    const error = toGraphQLError(describeApiError(new ValidationError(issues)));
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      errorCode: 'VALIDATION_FAILED',
      errors: issues,
    });
    expect(toGraphQLError(describeApiError(new ConcurrencyError('o', 1, 2))).extensions).toEqual({
      code: 'CONFLICT',
      errorCode: 'CONCURRENCY_CONFLICT',
      expectedVersion: 1,
      actualVersion: 2,
    });
  });

  it('formatError passes coded errors and hides server faults', () => {
    const coded = { message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(formatGraphQLError(coded)).toBe(coded);
    const leaked = formatGraphQLError({
      message: 'connect ECONNREFUSED 10.0.0.1',
      path: ['order'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
    });
    expect(leaked).toEqual({
      message: expect.not.stringContaining('ECONNREFUSED'),
      path: ['order'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorCode: 'INTERNAL_ERROR' },
    });
  });
});
