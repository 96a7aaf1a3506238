import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '@cqrs-ddd/core';
import { AUDIT_GENESIS_HASH, auditChainKey, auditEntryHash } from './audit-chain.hash.js';

const full: AuditEntry = {
  id: 'e-1',
  occurredAt: new Date('2026-03-01T12:00:00.123Z'),
  tenantId: 't-1',
  actor: { id: 'u-1', authMethod: 'jwt' },
  action: 'order:confirm',
  resource: { type: 'Order', id: 'o-1' },
  outcome: 'denied',
  reason: 'why',
  errorCode: 'FORBIDDEN',
  correlationId: 'c-1',
  clientAddress: '203.0.113.9',
  userAgent: 'curl/8',
  details: { b: { y: 1, x: [2, { q: 1, p: 0 }] }, a: 'text' },
};

describe('auditEntryHash', () => {
  it('is SHA-256 over the documented fixed-order JSON array', () => {
    const fields = [
      'cqrs-ddd-audit/1',
      AUDIT_GENESIS_HASH,
      1,
      't-1',
      'e-1',
      '2026-03-01T12:00:00.123Z',
      'u-1',
      'jwt',
      'order:confirm',
      'Order',
      'o-1',
      'denied',
      'why',
      'FORBIDDEN',
      'c-1',
      '203.0.113.9',
      'curl/8',
      { a: 'text', b: { x: [2, { p: 0, q: 1 }], y: 1 } },
    ];
    const expected = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    expect(auditEntryHash(AUDIT_GENESIS_HASH, 1, full)).toBe(expected);
    expect(AUDIT_GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('does not depend on the key order of details', () => {
    const reordered = { ...full, details: { a: 'text', b: { x: [2, { p: 0, q: 1 }], y: 1 } } };
    expect(auditEntryHash('f'.repeat(64), 7, reordered)).toBe(
      auditEntryHash('f'.repeat(64), 7, full),
    );
  });

  it('changes with every stored field, the sequence and the previous hash', () => {
    const base = auditEntryHash(AUDIT_GENESIS_HASH, 1, full);
    const variants: AuditEntry[] = [
      { ...full, id: 'e-2' },
      { ...full, occurredAt: new Date(full.occurredAt.getTime() + 1) },
      { ...full, tenantId: undefined },
      { ...full, actor: { id: 'u-2', authMethod: 'jwt' } },
      { ...full, actor: { id: 'u-1', authMethod: 'api-key' } },
      { ...full, action: 'order:cancel' },
      { ...full, resource: { type: 'Order', id: 'o-2' } },
      { ...full, resource: undefined },
      { ...full, outcome: 'failed' },
      { ...full, reason: 'other' },
      { ...full, errorCode: undefined },
      { ...full, correlationId: 'c-2' },
      { ...full, clientAddress: '198.51.100.1' },
      { ...full, userAgent: 'other' },
      { ...full, details: { a: 'text', b: { x: [2, { p: 0, q: 2 }], y: 1 } } },
      { ...full, details: { ['__proto__']: 1 } as Record<string, unknown> },
      { ...full, details: undefined },
    ];
    const hashes = new Set(
      variants.map((variant) => auditEntryHash(AUDIT_GENESIS_HASH, 1, variant)),
    );
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
    expect(auditEntryHash(AUDIT_GENESIS_HASH, 2, full)).not.toBe(base);
    expect(auditEntryHash('1'.repeat(64), 1, full)).not.toBe(base);
  });

  it('keys platform entries to the empty chain key', () => {
    expect(auditChainKey(undefined)).toBe('');
    expect(auditChainKey(null)).toBe('');
    expect(auditChainKey('t-1')).toBe('t-1');
  });
});
