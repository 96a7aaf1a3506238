import { describe, expect, it } from '@jest/globals';
import { DomainRuleViolation, ValidationError } from '@cqrs-ddd/core';
import { describeApiError } from './describe-api-error.js';
import { problemType, toProblemDetails } from './problem-details.js';

describe('toProblemDetails', () => {
  it('renders RFC 9457 members plus code, correlation id and every invalid field', () => {
    const error = new ValidationError([
      { path: 'quantity', message: 'must be >= 1', rule: 'min' },
      { path: 'productId', message: 'must be a string' },
    ]);
    expect(
      toProblemDetails(describeApiError(error), {
        instance: '/orders/1/items',
        correlationId: 'c-1',
      }),
    ).toEqual({
      type: 'tag:cqrs-ddd,2026:problem:validation-failed',
      title: 'Invalid request',
      status: 400,
      detail: error.message,
      instance: '/orders/1/items',
      code: 'VALIDATION_FAILED',
      correlationId: 'c-1',
      errors: [
        { path: 'quantity', message: 'must be >= 1', rule: 'min' },
        { path: 'productId', message: 'must be a string' },
      ],
    });
  });

  it('adds the error-specific members and leaves out what is unknown', () => {
    const problem = toProblemDetails(describeApiError(new DomainRuleViolation('r.x', 'No.')));
    expect(problem).toEqual({
      type: problemType('DOMAIN_RULE_VIOLATION'),
      title: 'Business rule violated',
      status: 422,
      detail: 'No.',
      code: 'DOMAIN_RULE_VIOLATION',
      rule: 'r.x',
    });
  });
});
