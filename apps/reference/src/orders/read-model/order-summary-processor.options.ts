/** Settings of `OrderSummaryProcessor`. */
export interface OrderSummaryProcessorOptions {
  /**
   * Most events read and applied per batch; each batch is one transaction of the `UnitOfWork`
   * (read-model writes plus the checkpoint).
   * @default 500
   */
  readonly batchSize?: number;
  /**
   * Delay before retrying after a failed batch, doubled on each further failure.
   * @default 1000
   */
  readonly retryDelayMs?: number;
  /**
   * Longest delay between retries.
   * @default 30000
   */
  readonly maxRetryDelayMs?: number;
  /**
   * Start with the application (`onApplicationBootstrap`); off, call `start()` yourself.
   * @default true
   */
  readonly autoStart?: boolean;
  /**
   * Tenant of events whose metadata carries none. Without it such an event fails its batch
   * (logged and retried): its tenant is unknown, and guessing could leak it to another tenant.
   * @default undefined
   */
  readonly defaultTenantId?: string;
}

/** Injection token of the {@link OrderSummaryProcessorOptions}. */
export const ORDER_SUMMARY_PROCESSOR_OPTIONS = Symbol('reference:ORDER_SUMMARY_PROCESSOR_OPTIONS');
