import { describe, expect, it } from '@jest/globals';
import { payloadFingerprint } from './payload-fingerprint.js';

describe('payloadFingerprint', () => {
  it('ignores key order at every level', () => {
    const a = payloadFingerprint('t', { a: 1, b: { c: [1, { d: 2, e: 3 }] } });
    const b = payloadFingerprint('t', { b: { c: [1, { e: 3, d: 2 }] }, a: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by content, by array order and by message type', () => {
    const base = payloadFingerprint('t', { a: [1, 2] });
    expect(payloadFingerprint('t', { a: [2, 1] })).not.toBe(base);
    expect(payloadFingerprint('t', { a: [1, 3] })).not.toBe(base);
    expect(payloadFingerprint('u', { a: [1, 2] })).not.toBe(base);
  });

  it('handles undefined and bigint payloads', () => {
    expect(payloadFingerprint('t', undefined)).toMatch(/^[0-9a-f]{64}$/);
    expect(payloadFingerprint('t', { n: 1n })).toBe(payloadFingerprint('t', { n: '1' }));
  });
});
