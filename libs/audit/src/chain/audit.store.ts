import { AuditSink, jsonValueIssue, type ValidationIssue, ValidationError } from '@cqrs-ddd/core';
import { auditChainKey } from './audit-chain.hash.js';

/** What {@link AuditStore.verify} found wrong at the first bad position of a chain. */
export type AuditChainProblem =
  /** The entry's fields no longer match its hash: it was edited after it was recorded. */
  | 'hash-mismatch'
  /** A sequence number is absent: an entry was deleted (outside retention). */
  | 'missing-entry'
  /** A sequence number repeats or goes backwards. */
  | 'out-of-order'
  /** The entry does not link to the one before it: entries were swapped, moved or replaced. */
  | 'broken-link';

/** Outcome of {@link AuditStore.verify}. */
export type AuditVerification =
  | {
      readonly valid: true;
      /** Entries whose hash and link were checked. */
      readonly checked: number;
      /** Sequence of the last entry checked; absent when none was. */
      readonly lastSequence?: number;
      /**
       * Hash of the last entry checked. Keep it outside the database (a log, a ticket, a
       * notary): a chain rewritten in full from some entry onwards verifies again, but no longer
       * reaches this hash at this sequence.
       */
      readonly lastHash?: string;
    }
  | {
      readonly valid: false;
      /** Entries checked (and found sound) before the problem. */
      readonly checked: number;
      /** The first bad sequence number. */
      readonly sequence: number;
      /** Id of the entry found at `sequence`; absent when that entry is missing. */
      readonly entryId?: string;
      readonly problem: AuditChainProblem;
      /** What is wrong, for an operator. */
      readonly message: string;
    };

/** Part of a chain to verify, in sequence numbers (both inclusive). */
export interface AuditVerificationRange {
  /** First sequence to check. @default 1 (or the first one kept after a purge) */
  readonly from?: number;
  /** Last sequence to check. @default the chain's last entry */
  readonly to?: number;
}

const isSequence = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * An {@link AuditSink} that makes the trail tamper-evident and bounded: every tenant's entries
 * (and the platform's) form their own hash chain — sequence 1, 2, 3... each entry hashed with
 * the hash of the one before — which {@link verify} re-checks, and {@link purgeBefore} drops the
 * oldest entries while keeping the chain verifiable through a retention anchor.
 */
export abstract class AuditStore extends AuditSink {
  /**
   * Re-computes every hash and link of one chain (or of `range` in it) from the stored entries,
   * starting from the retention anchor when older entries were purged.
   * @param tenantId the tenant's chain, or `null` for the platform chain
   * @returns the first problem found, or how much was checked
   * @throws ValidationError for an invalid tenant id or range
   */
  abstract verify(
    tenantId: string | null,
    range?: AuditVerificationRange,
  ): Promise<AuditVerification>;

  /**
   * Deletes, in every chain, the longest run of oldest entries that all occurred before
   * `cutoff` (an older entry recorded after a newer one waits for it), first storing the
   * chain's retention anchor (sequence and hash of the last entry deleted).
   * @returns how many entries were deleted
   * @throws ValidationError when `cutoff` is not a valid Date
   */
  abstract purgeBefore(cutoff: Date): Promise<number>;

  /**
   * Validates the arguments of {@link verify}.
   * @throws ValidationError listing every invalid argument
   * @returns the chain key of `tenantId`
   */
  protected prepareVerification(
    tenantId: string | null,
    range: AuditVerificationRange = {},
  ): string {
    const issues: ValidationIssue[] = [];
    if (tenantId !== null && !(typeof tenantId === 'string' && tenantId.length > 0)) {
      issues.push({
        path: 'tenantId',
        message: 'must be a tenant id, or null for the platform chain',
        rule: 'isNotEmpty',
      });
    } else if (tenantId !== null) {
      const unstorable = jsonValueIssue(tenantId, 'tenantId');
      if (unstorable) issues.push(unstorable);
    }
    for (const field of ['from', 'to'] as const) {
      if (range?.[field] !== undefined && !isSequence(range[field])) {
        issues.push({ path: field, message: 'must be a positive integer', rule: 'isPositive' });
      }
    }
    if (isSequence(range?.from) && isSequence(range?.to) && range.from! > range.to!) {
      issues.push({ path: 'to', message: 'must not be before from', rule: 'isAfter' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return auditChainKey(tenantId);
  }

  /** @throws ValidationError when `cutoff` is not a valid Date */
  protected assertValidCutoff(cutoff: Date): void {
    if (
      Object.prototype.toString.call(cutoff) !== '[object Date]' ||
      Number.isNaN(cutoff.getTime())
    ) {
      throw ValidationError.of('cutoff', 'must be a valid Date', 'isDate');
    }
  }
}
