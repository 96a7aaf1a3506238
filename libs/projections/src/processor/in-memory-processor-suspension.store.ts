import { ValidationError } from '@cqrs-ddd/core';
import { ProcessorSuspensionStore } from './processor-suspension-store.port.js';

/**
 * {@link ProcessorSuspensionStore} in process memory: shared by the engines of one process
 * only (tests, single-process apps, `coordination: 'memory'`).
 */
export class InMemoryProcessorSuspensionStore extends ProcessorSuspensionStore {
  private readonly suspended = new Set<string>();

  async isSuspended(processorName: string): Promise<boolean> {
    return this.suspended.has(assertValidProcessorName(processorName));
  }

  async suspend(processorName: string): Promise<void> {
    this.suspended.add(assertValidProcessorName(processorName));
  }

  async unsuspend(processorName: string): Promise<void> {
    this.suspended.delete(assertValidProcessorName(processorName));
  }
}

/**
 * Returns `processorName` when it is a non-empty string.
 * @throws ValidationError otherwise
 */
export function assertValidProcessorName(processorName: string): string {
  if (typeof processorName !== 'string' || processorName.length === 0) {
    throw ValidationError.of('processorName', 'must be a non-empty string');
  }
  return processorName;
}
