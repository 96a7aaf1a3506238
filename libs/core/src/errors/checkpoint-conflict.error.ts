import type { LogPosition } from '../domain/event-envelope.js';
import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

function describePosition(position: LogPosition | null): string {
  return position ? `${position.transactionId}:${position.globalPosition}` : 'the log start';
}

/**
 * A checkpoint compare-and-swap failed: the stored position is not the one the processor
 * started from, so another worker (or a reset) moved it. The processor must not overwrite it;
 * it should reload the checkpoint (and usually give up its lease).
 */
export class CheckpointConflictError extends CqrsDddError {
  static readonly CODE = 'CHECKPOINT_CONFLICT';
  readonly code = CheckpointConflictError.CODE;

  constructor(
    /** Processor whose checkpoint was contended. */
    readonly processorName: string,
    /** Partition of that processor. */
    readonly partition: number,
    /** Position the caller expected to find (`null`: none saved / log start). */
    readonly expected: LogPosition | null,
    /** Position actually stored (`null`: none saved / log start). */
    readonly actual: LogPosition | null,
  ) {
    super(
      `Checkpoint "${processorName}" partition ${partition} is at ${describePosition(actual)}, ` +
        `not at ${describePosition(expected)} as expected: another worker or a reset moved it. ` +
        'Reload the checkpoint before processing further.',
    );
  }
}

/** True when `error` is a {@link CheckpointConflictError}. */
export function isCheckpointConflictError(error: unknown): error is CheckpointConflictError {
  return hasErrorCode(error, CheckpointConflictError.CODE);
}
