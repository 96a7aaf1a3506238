/** What every Order command returns: the order's id and its version after the change. */
export interface OrderWriteResult {
  /** Id of the order. */
  readonly id: string;
  /** Version of the order after the command (pass it as `minVersion` to read your write). */
  readonly version: number;
}
