import type { AuditEntry } from '@cqrs-ddd/core';
import { AUDIT_GENESIS_HASH, auditEntryHash } from './audit-chain.hash.js';
import type { AuditVerification, AuditVerificationRange } from './audit.store.js';

/** A position of a chain: a sequence number and the hash of the entry there. */
export interface AuditChainLink {
  readonly sequence: number;
  readonly hash: string;
}

/**
 * The retention anchor of a chain that was never purged: sequence 0 with the genesis hash, the
 * `previousHash` of entry 1.
 */
export const AUDIT_GENESIS_LINK: AuditChainLink = Object.freeze({
  sequence: 0,
  hash: AUDIT_GENESIS_HASH,
});

/** One stored entry of a chain, as read back. */
export interface AuditChainRow extends AuditChainLink {
  /** The hash of the entry before it, stored when the entry was recorded. */
  readonly previousHash: string;
  readonly entry: AuditEntry;
}

/** What {@link verifyAuditChainRange} reads of one chain (from one consistent snapshot). */
export interface AuditChainReader {
  /** The chain's retention anchor; absent when nothing was ever purged. */
  anchor(): Promise<AuditChainLink | undefined>;
  /** The entry at `sequence`, if stored. */
  row(sequence: number): Promise<AuditChainRow | undefined>;
  /**
   * The entries from `from` on, by ascending sequence; reading may stop after `through` (the
   * verifier stops iterating there).
   */
  rows(from: number, through?: number): Iterable<AuditChainRow> | AsyncIterable<AuditChainRow>;
}

/**
 * Checks `rows` (meant to be one chain by ascending sequence) link by link from `anchor`:
 * each must carry the next sequence number, link to the hash before it and match its own hash.
 * Stops at the first problem, or at the first row after `to`.
 * @param anchor the position before the first row. @default AUDIT_GENESIS_LINK
 */
export async function verifyAuditChain(
  rows: Iterable<AuditChainRow> | AsyncIterable<AuditChainRow>,
  anchor: AuditChainLink = AUDIT_GENESIS_LINK,
  to?: number,
): Promise<AuditVerification> {
  let previous = anchor;
  let checked = 0;
  for await (const row of rows) {
    const expected = previous.sequence + 1;
    if (to !== undefined && expected > to) break;
    const invalid = { valid: false, checked, sequence: expected } as const;
    if (row.sequence > expected) {
      return {
        ...invalid,
        problem: 'missing-entry',
        message: `The entry at sequence ${expected} is missing (the next one found is ${row.sequence}, entry ${row.entry.id}): entries were deleted from the trail.`,
      };
    }
    if (row.sequence < expected) {
      return {
        ...invalid,
        entryId: row.entry.id,
        problem: 'out-of-order',
        message: `Entry ${row.entry.id} has sequence ${row.sequence} where ${expected} was expected: entries are duplicated or out of order.`,
      };
    }
    if (row.previousHash !== previous.hash) {
      return {
        ...invalid,
        entryId: row.entry.id,
        problem: 'broken-link',
        message: `Entry ${row.entry.id} at sequence ${expected} does not link to the entry before it: entries were swapped, moved or replaced.`,
      };
    }
    if (auditEntryHash(previous.hash, expected, row.entry) !== row.hash) {
      return {
        ...invalid,
        entryId: row.entry.id,
        problem: 'hash-mismatch',
        message: `Entry ${row.entry.id} at sequence ${expected} does not match its hash: it was changed after it was recorded.`,
      };
    }
    checked += 1;
    previous = row;
  }
  return checked === 0
    ? { valid: true, checked }
    : { valid: true, checked, lastSequence: previous.sequence, lastHash: previous.hash };
}

/**
 * Verifies `range` of the chain `reader` reads: from its retention anchor (or genesis), or —
 * when `range.from` lies further on — from the stored entry just before `range.from`.
 */
export async function verifyAuditChainRange(
  reader: AuditChainReader,
  range: AuditVerificationRange = {},
): Promise<AuditVerification> {
  let start = (await reader.anchor()) ?? AUDIT_GENESIS_LINK;
  const from = range.from ?? 1;
  if (from - 1 > start.sequence) {
    const before = await reader.row(from - 1);
    if (!before) {
      return {
        valid: false,
        checked: 0,
        sequence: from - 1,
        problem: 'missing-entry',
        message: `The entry at sequence ${from - 1}, which the range starts after, is missing: entries were deleted from the trail.`,
      };
    }
    start = before;
  }
  if (range.to !== undefined && range.to <= start.sequence) return { valid: true, checked: 0 };
  const through = range.to === undefined ? undefined : range.to + 1;
  return verifyAuditChain(reader.rows(start.sequence + 1, through), start, range.to);
}
