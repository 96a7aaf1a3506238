import { type UnitOfWork, ValidationError, type ValidationIssue } from '@cqrs-ddd/core';

/** Longest consumer name or message id an inbox accepts (both form the key of a record). */
export const INBOX_KEY_MAX_LENGTH = 255;

/**
 * The inbox of idempotent consumers: which messages each consumer has already processed.
 *
 * A consumer records a message id in the same transaction as the effects of handling it, and
 * handles the message only when the record is new. Records take part in the caller's
 * transaction: a unit of work that rolls back leaves no record (the message is handled again
 * on redelivery), and a concurrent record of the same id waits until the first one's
 * transaction ends — exactly one of them gets `true`.
 */
export abstract class InboxStore {
  /**
   * Records that `consumer` processed `messageId`, in the caller's transaction: `true` when the
   * record is new (handle the message), `false` when the message was already processed (skip
   * it). Throws `ValidationError` on an empty or over-long consumer or message id.
   */
  abstract record(consumer: string, messageId: string): Promise<boolean>;

  /** True when a committed record (or one of the caller's own transaction) exists. */
  abstract has(consumer: string, messageId: string): Promise<boolean>;

  /**
   * Deletes the records processed before `olderThan` (retention: keep them longer than any
   * redelivery can take) and returns how many were deleted.
   */
  abstract purge(olderThan: Date): Promise<number>;

  /**
   * The unit of work to run {@link record} in, so that records commit and roll back with the
   * work of `unitOfWork`: `unitOfWork` itself when the store writes through its transaction,
   * else a wrapper that gives the store the outcome of each outermost unit.
   */
  abstract enlist(unitOfWork: UnitOfWork): UnitOfWork;
}

/** Throws a `ValidationError` unless `consumer` and `messageId` form a valid inbox key. */
export function assertValidInboxKey(consumer: string, messageId: string): void {
  const issues = [keyIssue('consumer', consumer), keyIssue('messageId', messageId)].filter(
    (issue) => issue !== undefined,
  );
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Throws a `ValidationError` unless `olderThan` is a valid `Date`. */
export function assertValidPurgeDate(olderThan: Date): void {
  if (!(olderThan instanceof Date) || Number.isNaN(olderThan.getTime())) {
    throw ValidationError.of('olderThan', 'must be a valid Date');
  }
}

function keyIssue(path: string, value: unknown): ValidationIssue | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return { path, message: 'must be a non-empty string' };
  }
  if (value.length > INBOX_KEY_MAX_LENGTH) {
    return { path, message: `must be at most ${INBOX_KEY_MAX_LENGTH} characters long` };
  }
  return undefined;
}
