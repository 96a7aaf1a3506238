import { isValidationError, type ValidationError } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import { parseAuditQueryParams } from './audit-query.params.js';

function issuesOf(params: Record<string, unknown>) {
  try {
    parseAuditQueryParams(params);
  } catch (error) {
    if (isValidationError(error)) return (error as ValidationError).issues.map((i) => i.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseAuditQueryParams', () => {
  it('maps every filter and defaults the format to json', () => {
    expect(
      parseAuditQueryParams({
        actor: 'ann',
        action: 'order:confirm',
        resourceType: 'Order',
        resourceId: 'o-1',
        outcome: 'denied',
        from: '2025-06-01',
        to: '2025-06-02T10:00:00.5+02:00',
        limit: '25',
        cursor: 'abc',
      }),
    ).toEqual({
      format: 'json',
      filters: {
        actorId: 'ann',
        action: 'order:confirm',
        resourceType: 'Order',
        resourceId: 'o-1',
        outcome: 'denied',
        from: new Date('2025-06-01T00:00:00Z'),
        to: new Date('2025-06-02T08:00:00.500Z'),
        limit: 25,
        cursor: 'abc',
      },
    });
    expect(parseAuditQueryParams({ format: 'csv' })).toEqual({ format: 'csv', filters: {} });
  });

  it('lists every invalid, repeated, empty or unknown parameter', () => {
    expect(
      issuesOf({
        outcome: 'maybe',
        from: 'yesterday',
        to: '2025-13-45',
        limit: '0',
        format: 'xml',
        action: ['a', 'b'],
        actor: '',
        tenant: 'globex',
      }),
    ).toEqual(['tenant', 'actor', 'action', 'outcome', 'from', 'to', 'limit', 'format']);
    expect(issuesOf({ limit: '2.5' })).toEqual(['limit']);
  });
});
