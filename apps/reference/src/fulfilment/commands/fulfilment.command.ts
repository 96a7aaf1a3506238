import { OrderFieldRules } from '../../orders/order-field.rules.js';

/**
 * What every fulfilment command carries: the order it is about. Sent by the order fulfilment
 * saga (stored by type name, so each command class declares a stable `type`).
 */
export abstract class FulfilmentCommand {
  /** Id of the order. */
  @OrderFieldRules.commandOrderId()
  readonly orderId: string;

  constructor(orderId: string) {
    this.orderId = orderId;
  }
}
