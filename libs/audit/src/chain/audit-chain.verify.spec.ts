import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '@cqrs-ddd/core';
import { auditEntryHash } from './audit-chain.hash.js';
import {
  AUDIT_GENESIS_LINK,
  type AuditChainLink,
  type AuditChainRow,
  verifyAuditChain,
  verifyAuditChainRange,
} from './audit-chain.verify.js';

function chain(length: number, anchor: AuditChainLink = AUDIT_GENESIS_LINK): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let previous = anchor;
  for (let i = 1; i <= length; i += 1) {
    const sequence = anchor.sequence + i;
    const entry: AuditEntry = {
      id: `e-${sequence}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, sequence)),
      tenantId: 't',
      action: 'order:confirm',
      outcome: 'success',
    };
    const row = {
      sequence,
      previousHash: previous.hash,
      hash: auditEntryHash(previous.hash, sequence, entry),
      entry,
    };
    rows.push(row);
    previous = row;
  }
  return rows;
}

const reader = (rows: AuditChainRow[], anchor?: AuditChainLink) => ({
  anchor: async () => anchor,
  row: async (sequence: number) => rows.find((row) => row.sequence === sequence),
  rows: (from: number) => rows.filter((row) => row.sequence >= from),
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its end', async () => {
    const rows = chain(5);
    await expect(verifyAuditChain(rows)).resolves.toEqual({
      valid: true,
      checked: 5,
      lastSequence: 5,
      lastHash: rows[4]!.hash,
    });
    await expect(verifyAuditChain([])).resolves.toEqual({ valid: true, checked: 0 });
  });

  it('reports an edited entry as a hash mismatch at its sequence', async () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, entry: { ...rows[2]!.entry, action: 'order:cancel' } };
    await expect(verifyAuditChain(rows)).resolves.toMatchObject({
      valid: false,
      checked: 2,
      sequence: 3,
      entryId: 'e-3',
      problem: 'hash-mismatch',
      message: expect.stringContaining('changed after it was recorded'),
    });
  });

  it('reports an edited entry whose hash was recomputed at the next link', async () => {
    const rows = chain(5);
    const edited = { ...rows[1]!.entry, reason: 'rewritten' };
    rows[1] = { ...rows[1]!, entry: edited, hash: auditEntryHash(rows[0]!.hash, 2, edited) };
    await expect(verifyAuditChain(rows)).resolves.toMatchObject({
      sequence: 3,
      problem: 'broken-link',
    });
  });

  it('reports a deleted entry as missing', async () => {
    const rows = chain(5);
    rows.splice(3, 1);
    await expect(verifyAuditChain(rows)).resolves.toMatchObject({
      valid: false,
      checked: 3,
      sequence: 4,
      problem: 'missing-entry',
    });
    await expect(verifyAuditChain(chain(3).slice(1))).resolves.toMatchObject({
      sequence: 1,
      problem: 'missing-entry',
    });
  });

  it('reports swapped entries as a broken link and repeated ones as out of order', async () => {
    const rows = chain(5);
    const [third, fourth] = [rows[2]!, rows[3]!];
    rows[2] = { ...fourth, sequence: 3 };
    rows[3] = { ...third, sequence: 4 };
    await expect(verifyAuditChain(rows)).resolves.toMatchObject({
      sequence: 3,
      entryId: 'e-4',
      problem: 'broken-link',
    });
    const unordered = chain(4);
    [unordered[1], unordered[2]] = [unordered[2]!, unordered[1]!];
    await expect(verifyAuditChain(unordered)).resolves.toMatchObject({
      sequence: 2,
      problem: 'missing-entry',
    });
    const repeated = chain(3);
    repeated.splice(2, 0, repeated[1]!);
    await expect(verifyAuditChain(repeated)).resolves.toMatchObject({
      sequence: 3,
      entryId: 'e-2',
      problem: 'out-of-order',
    });
  });

  it('starts from an anchor and stops after `to`', async () => {
    const full = chain(6);
    const anchor = { sequence: 3, hash: full[2]!.hash };
    await expect(verifyAuditChain(full.slice(3), anchor)).resolves.toMatchObject({
      valid: true,
      checked: 3,
      lastSequence: 6,
    });
    await expect(verifyAuditChain(full.slice(3), AUDIT_GENESIS_LINK)).resolves.toMatchObject({
      problem: 'missing-entry',
      sequence: 1,
    });
    await expect(verifyAuditChain(full, AUDIT_GENESIS_LINK, 2)).resolves.toMatchObject({
      checked: 2,
      lastSequence: 2,
    });
  });

  it('reads async iterables', async () => {
    async function* rows() {
      yield* chain(3);
    }
    await expect(verifyAuditChain(rows())).resolves.toMatchObject({ valid: true, checked: 3 });
  });
});

describe('verifyAuditChainRange', () => {
  it('verifies from the entry before `from`, or from the anchor when that one was purged', async () => {
    const rows = chain(8);
    await expect(verifyAuditChainRange(reader(rows), { from: 4, to: 6 })).resolves.toMatchObject({
      valid: true,
      checked: 3,
      lastSequence: 6,
    });
    const anchor = { sequence: 5, hash: rows[4]!.hash };
    const kept = rows.slice(5);
    await expect(verifyAuditChainRange(reader(kept, anchor), { from: 2 })).resolves.toMatchObject({
      valid: true,
      checked: 3,
      lastSequence: 8,
    });
    await expect(verifyAuditChainRange(reader(kept, anchor), { to: 5 })).resolves.toEqual({
      valid: true,
      checked: 0,
    });
  });

  it('reports a missing entry inside the range and before it', async () => {
    const rows = chain(8).filter((row) => row.sequence !== 5);
    await expect(verifyAuditChainRange(reader(rows), { from: 3, to: 7 })).resolves.toMatchObject({
      sequence: 5,
      problem: 'missing-entry',
      checked: 2,
    });
    await expect(verifyAuditChainRange(reader(rows), { from: 6 })).resolves.toMatchObject({
      sequence: 5,
      problem: 'missing-entry',
      checked: 0,
    });
  });
});
