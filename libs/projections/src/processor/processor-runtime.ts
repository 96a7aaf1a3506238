import type { EventProcessor } from './event-processor.js';
import type { ResolvedProcessorEngineDependencies } from './processor-engine.dependencies.js';
import type { ProgressNotifier } from './progress-notifier.js';
import type { ResolvedProcessorRunOptions } from './resolve-processor-options.js';

/** What the partition workers and parked-event operations of one processor share. */
export interface ProcessorRuntime {
  readonly processor: EventProcessor;
  readonly options: ResolvedProcessorRunOptions;
  readonly dependencies: ResolvedProcessorEngineDependencies;
  readonly progress: ProgressNotifier;
  /** Whether `pause()` holds the processor in this instance. */
  isPaused(): boolean;
}

/** Whether the processor is suspended (read from the suspension store, shared by every instance). */
export function isProcessorSuspended(runtime: ProcessorRuntime): Promise<boolean> {
  return runtime.dependencies.suspensions.isSuspended(runtime.processor.name);
}

/** Runs `work` in the processor's unit of work, or as is when it has none. */
export function runInProcessorUnit<T>(
  options: ResolvedProcessorRunOptions,
  work: () => Promise<T>,
): Promise<T> {
  return options.unitOfWork ? options.unitOfWork.run(work) : work();
}

/** Message of any thrown value, for logs and status. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
