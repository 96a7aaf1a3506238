import { OrderFieldRules } from '../order-field.rules.js';

/** Opens a new, empty order for a customer; answers `OrderWriteResult` (version 1). */
export class CreateOrderCommand {
  /** Id of the customer placing the order. */
  @OrderFieldRules.reference()
  readonly customerId: string;

  constructor(customerId: string) {
    this.customerId = customerId;
  }
}
