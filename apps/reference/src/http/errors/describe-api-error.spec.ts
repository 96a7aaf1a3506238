import { describe, expect, it } from '@jest/globals';
import {
  BadRequestException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import {
  ConcurrencyError,
  DomainRuleViolation,
  ForbiddenError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '@cqrs-ddd/core';
import { ReadModelLaggingError } from '../../orders/read-model/read-model-lagging.error.js';
import { describeApiError } from './describe-api-error.js';

describe('describeApiError', () => {
  it.each([
    [
      new ValidationError([{ path: 'quantity', message: 'bad', rule: 'min' }]),
      400,
      'VALIDATION_FAILED',
      'BAD_USER_INPUT',
    ],
    [new UnauthenticatedError(), 401, 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
    [new ForbiddenError('order:confirm', 'no role'), 403, 'FORBIDDEN', 'FORBIDDEN'],
    [new NotFoundError('Order', 'o-1'), 404, 'NOT_FOUND', 'NOT_FOUND'],
    [new ConcurrencyError('o-1', 2, 3), 409, 'CONCURRENCY_CONFLICT', 'CONFLICT'],
    [new IdempotencyInProgressError('k'), 409, 'IDEMPOTENCY_IN_PROGRESS', 'CONFLICT'],
    [
      new DomainRuleViolation('order.not-empty', 'empty'),
      422,
      'DOMAIN_RULE_VIOLATION',
      'DOMAIN_RULE_VIOLATION',
    ],
    [new IdempotencyKeyReusedError('k'), 422, 'IDEMPOTENCY_KEY_REUSED', 'BAD_USER_INPUT'],
    [
      new ReadModelLaggingError('Order', 'o-1', 3, 2, 5000),
      503,
      'READ_MODEL_LAGGING',
      'READ_MODEL_LAGGING',
    ],
  ])('maps %p to %i / %s / %s', (error, status, code, graphqlCode) => {
    const described = describeApiError(error);
    expect(described).toMatchObject({ code, internal: false });
    expect(described.kind.status).toBe(status);
    expect(described.kind.graphqlCode).toBe(graphqlCode);
  });

  it('keeps every validation issue and the error-specific members', () => {
    const issues = [
      { path: 'quantity', message: 'too small', rule: 'min' },
      { path: 'unitPrice', message: 'not a number', rule: 'isNumber' },
    ];
    expect(describeApiError(new ValidationError(issues)).issues).toEqual(issues);
    expect(describeApiError(new DomainRuleViolation('order.not-empty', 'x')).extensions).toEqual({
      rule: 'order.not-empty',
    });
    expect(describeApiError(new ConcurrencyError('o-1', 2, 3)).extensions).toEqual({
      expectedVersion: 2,
      actualVersion: 3,
    });
  });

  it('does not reveal the scoped idempotency key', () => {
    const described = describeApiError(new IdempotencyKeyReusedError('POST /orders secret'));
    expect(described.detail).not.toContain('secret');
  });

  it('maps framework HTTP errors by status', () => {
    const parse = new BadRequestException('Unexpected token } in JSON', {
      cause: new SyntaxError('Unexpected token'),
    });
    expect(describeApiError(parse)).toMatchObject({ code: 'MALFORMED_REQUEST', internal: false });
    expect(describeApiError(parse).detail).not.toContain('Unexpected token');
    expect(describeApiError(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
      detail: 'Cannot GET /nope',
    });
    expect(describeApiError(new PayloadTooLargeException()).kind.status).toBe(413);
    const teapot = describeApiError(new HttpException('short and stout', 418));
    expect(teapot).toMatchObject({ code: 'HTTP_418', internal: false });
    expect(teapot.kind).toMatchObject({ status: 418, title: "I'm a Teapot" });
  });

  it('turns anything else into a 500 that reveals nothing', () => {
    for (const error of [
      new Error('password=hunter2'),
      new HttpException('db down', 502),
      'a string',
      Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    ]) {
      const described = describeApiError(error);
      expect(described).toMatchObject({ code: 'INTERNAL_ERROR', internal: true });
      expect(described.kind.status).toBe(500);
      expect(described.detail).not.toMatch(/hunter2|db down|ECONNREFUSED/);
    }
  });
});
