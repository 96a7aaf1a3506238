import { hasErrorCode } from '@cqrs-ddd/core';
import { ProjectionsError } from './projections.error.js';

/** An operation is not allowed in the processor's current state (e.g. `reset` while running). */
export class ProcessorStateError extends ProjectionsError {
  static readonly CODE = 'PROCESSOR_STATE';
  readonly code = ProcessorStateError.CODE;

  constructor(
    /** Processor the operation was asked of. */
    readonly processorName: string,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is a {@link ProcessorStateError}. */
export function isProcessorStateError(error: unknown): error is ProcessorStateError {
  return hasErrorCode(error, ProcessorStateError.CODE);
}
