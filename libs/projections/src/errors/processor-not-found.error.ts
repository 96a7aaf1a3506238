import { hasErrorCode } from '@cqrs-ddd/core';
import { ProjectionsError } from './projections.error.js';

/** No processor of that name is registered with the processor engine. */
export class ProcessorNotFoundError extends ProjectionsError {
  static readonly CODE = 'PROCESSOR_NOT_FOUND';
  readonly code = ProcessorNotFoundError.CODE;

  constructor(
    /** Name that was looked up. */
    readonly processorName: string,
  ) {
    super(
      `No processor named "${processorName}" is registered. Check the name, or register the ` +
        'processor with ProcessorEngine.register() first.',
    );
  }
}

/** True when `error` is a {@link ProcessorNotFoundError}. */
export function isProcessorNotFoundError(error: unknown): error is ProcessorNotFoundError {
  return hasErrorCode(error, ProcessorNotFoundError.CODE);
}
