import type { LogPosition } from '../domain/event-envelope.js';
import { compareLogPositions, isLogPosition } from '../domain/log-position.js';
import { CheckpointConflictError } from '../errors/checkpoint-conflict.error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation.error.js';

/** Where a processor (projection, outbox relay, saga) is in the global log. */
export interface Checkpoint {
  readonly processorName: string;
  /** Partition of the processor's work (processors scale out by partition). */
  readonly partition: number;
  /** Last position processed; `null` = nothing yet (`LOG_START`), e.g. after a reset. */
  readonly position: LogPosition | null;
  /** Worker that saved it last (diagnostics; absent after a reset). */
  readonly owner?: string;
  /** When it was last saved (ISO-8601 UTC). */
  readonly updatedAt: string;
}

/** A compare-and-swap update of a checkpoint. */
export interface CheckpointUpdate {
  /** @default 0 */
  readonly partition?: number;
  /** Position the worker started its batch from (`null` for a new or reset checkpoint). */
  readonly expected: LogPosition | null;
  /** Position it reached: at or after `expected`. */
  readonly next: LogPosition;
  /** Id of the saving worker, recorded for diagnostics. @default undefined */
  readonly owner?: string;
}

/**
 * Durable processor checkpoints. Progress only moves by compare-and-swap: `save` succeeds
 * only while the stored position still equals `expected`, so when two workers race over the
 * same partition, one wins and the other gets a `CheckpointConflictError` instead of
 * overwriting (or rewinding) the winner's progress. `reset` is the one way back, for replays.
 */
export abstract class CheckpointStore {
  /** The checkpoint, or `null` when it was never saved nor reset. */
  abstract load(processorName: string, partition?: number): Promise<Checkpoint | null>;

  /**
   * Moves the checkpoint from `expected` to `next` atomically.
   * @throws CheckpointConflictError when the stored position is not `expected`
   * @throws ValidationError for malformed input or `next` before `expected`
   */
  abstract save(processorName: string, update: CheckpointUpdate): Promise<Checkpoint>;

  /** Sets the checkpoint unconditionally (default: back to the log start) and clears its owner. */
  abstract reset(
    processorName: string,
    partition?: number,
    to?: LogPosition | null,
  ): Promise<Checkpoint>;

  /**
   * For adapters whose compare-and-swap matched nothing: throws the `CheckpointConflictError`
   * naming the position stored now.
   */
  protected async conflict(
    processorName: string,
    partition: number,
    expected: LogPosition | null,
  ): Promise<never> {
    const actual = (await this.load(processorName, partition))?.position ?? null;
    throw new CheckpointConflictError(processorName, partition, expected, actual);
  }
}

/** Throws a `ValidationError` listing every problem of a checkpoint call (shared by adapters). */
export function assertValidCheckpointArgs(
  processorName: string,
  partition: number,
  positions: Readonly<Record<string, LogPosition | null | undefined>>,
  owner?: string,
): void {
  const issues: ValidationIssue[] = [];
  if (typeof processorName !== 'string' || processorName.length === 0) {
    issues.push({ path: 'processorName', message: 'must be a non-empty string' });
  }
  if (!Number.isSafeInteger(partition) || partition < 0) {
    issues.push({ path: 'partition', message: 'must be an integer >= 0' });
  }
  for (const [field, position] of Object.entries(positions)) {
    if (position !== null && !isLogPosition(position)) {
      issues.push({ path: field, message: 'must be a LogPosition of decimal strings, or null' });
    }
  }
  if (owner !== undefined && (typeof owner !== 'string' || owner.length === 0)) {
    issues.push({ path: 'owner', message: 'must be a non-empty string when given' });
  }
  if (issues.length === 0 && 'expected' in positions && 'next' in positions) {
    if (positions.next === null) issues.push({ path: 'next', message: 'is required' });
    else if (compareLogPositions(positions.next, positions.expected) < 0) {
      issues.push({
        path: 'next',
        message: 'must not be before expected: checkpoints never move back',
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
