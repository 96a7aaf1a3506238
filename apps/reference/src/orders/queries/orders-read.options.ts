/** Settings of the Order queries. */
export interface OrdersReadOptions {
  /**
   * Longest a read with `minVersion` waits for the read model, in milliseconds.
   * @default 5000
   */
  readonly readModelWaitMs?: number;
}

/** Injection token of the {@link OrdersReadOptions}. */
export const ORDERS_READ_OPTIONS = Symbol('reference:ORDERS_READ_OPTIONS');
