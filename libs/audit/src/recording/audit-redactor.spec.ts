import { REDACTED } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import { AuditRedactor } from './audit-redactor.js';

describe('AuditRedactor', () => {
  it('always redacts the built-in secret keys, at any depth and however they are spelled', () => {
    const redacted = new AuditRedactor().redact({
      username: 'ann',
      password: 'hunter2',
      credentials: { api_key: 'k-1', Refresh_Token: 'r-1' },
      payment: { cardNumber: '4111111111111111', CVV: '123', holder: 'Ann' },
    });
    expect(redacted).toEqual({
      username: 'ann',
      password: REDACTED,
      credentials: { api_key: REDACTED, Refresh_Token: REDACTED },
      payment: { cardNumber: REDACTED, CVV: REDACTED, holder: 'Ann' },
    });
  });

  it('redacts configured keys anywhere and dotted paths from the root, with * for any key or item', () => {
    const redactor = new AuditRedactor(['email', 'payment.card.number', 'contacts.*.phone']);
    const redacted = redactor.redact({
      customer: { email: 'ann@example.com', name: 'Ann' },
      payment: { card: { number: '4111 1111 1111 1111', expiry: '12/30' }, number: 'invoice-7' },
      contacts: [
        { name: 'Bob', phone: '+33 1 23' },
        { name: 'Eve', phone: '+44 20 7' },
      ],
      card: { number: 'not under payment: kept' },
    });
    expect(redacted).toEqual({
      customer: { email: REDACTED, name: 'Ann' },
      payment: { card: { number: REDACTED, expiry: '12/30' }, number: 'invoice-7' },
      contacts: [
        { name: 'Bob', phone: REDACTED },
        { name: 'Eve', phone: REDACTED },
      ],
      card: { number: 'not under payment: kept' },
    });
  });

  it('returns JSON values only and never changes its input', () => {
    const input = {
      at: new Date('2025-06-01T10:00:00Z'),
      big: 10n,
      ratio: Number.NaN,
      skip: undefined,
      call: () => 1,
      nested: { token: 't' },
    };
    expect(new AuditRedactor().redact(input)).toEqual({
      at: '2025-06-01T10:00:00.000Z',
      big: '10',
      ratio: null,
      nested: { token: REDACTED },
    });
    expect(input.nested.token).toBe('t');
  });
});
