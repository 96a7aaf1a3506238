import { describe, expect, it } from '@jest/globals';
import { ALWAYS_REDACTED_KEYS, normaliseKey, REDACTED, redactPayload } from './redact-payload.js';

const keys = new Set([...ALWAYS_REDACTED_KEYS, 'customerEmail'].map(normaliseKey));

describe('redactPayload', () => {
  it('redacts secret-looking keys at any depth, whatever their spelling', () => {
    const payload = {
      user: 'ann',
      Password: 'p',
      nested: { api_key: 'k', 'access-token': 't', list: [{ cardNumber: '4111', ok: 1 }] },
      customer_email: 'a@b.c',
    };
    expect(redactPayload(payload, keys)).toEqual({
      user: 'ann',
      Password: REDACTED,
      nested: {
        api_key: REDACTED,
        'access-token': REDACTED,
        list: [{ cardNumber: REDACTED, ok: 1 }],
      },
      customer_email: REDACTED,
    });
  });

  it('never mutates the input and copes with cycles, dates, bigints and functions', () => {
    const payload: Record<string, unknown> = {
      at: new Date('2026-01-01T00:00:00Z'),
      big: 10n,
      fn: () => 1,
      secret: 's',
    };
    payload.self = payload;
    const copy = redactPayload(payload, keys) as Record<string, unknown>;
    expect(copy).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      big: '10',
      fn: undefined,
      secret: REDACTED,
      self: '[Circular]',
    });
    expect(payload.secret).toBe('s');
  });

  it('truncates very deep structures', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 12; i += 1) deep = { deep };
    expect(JSON.stringify(redactPayload(deep, keys))).toContain('[Truncated]');
  });
});
