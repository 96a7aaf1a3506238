/**
 * Durable suspensions of processors, shared by every instance of an application (like leases
 * and parked events): a suspended processor's workers, on every instance, finish their running
 * batch and start no new one until it is unsuspended — across restarts too. Keyed by processor
 * name.
 */
export abstract class ProcessorSuspensionStore {
  /** Whether `processorName` is suspended. */
  abstract isSuspended(processorName: string): Promise<boolean>;
  /** Suspends `processorName` (idempotent). */
  abstract suspend(processorName: string): Promise<void>;
  /** Ends a suspension of `processorName` (idempotent). */
  abstract unsuspend(processorName: string): Promise<void>;
}
