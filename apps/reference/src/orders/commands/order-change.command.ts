import { OrderFieldRules } from '../order-field.rules.js';

/**
 * What every command changing an existing order carries: the order and, optionally, the version
 * the caller based the change on. Each command stays a class of its own (its own handler).
 */
export abstract class OrderChangeCommand {
  /** Id of the order. */
  @OrderFieldRules.commandOrderId()
  readonly orderId: string;

  /** The order version the caller saw (HTTP `If-Match`); a different one fails with 409. */
  @OrderFieldRules.optionalVersion()
  readonly expectedVersion?: number;

  constructor(orderId: string, expectedVersion?: number) {
    this.orderId = orderId;
    this.expectedVersion = expectedVersion;
  }
}
