import { OrderFieldRules } from '../order-field.rules.js';
import { OrderChangeCommand } from './order-change.command.js';

/** Removes a product's line from a pending order; answers `OrderWriteResult`. */
export class RemoveOrderItemCommand extends OrderChangeCommand {
  /** Id of the product whose line is removed. */
  @OrderFieldRules.reference()
  readonly productId: string;

  constructor(orderId: string, productId: string, expectedVersion?: number) {
    super(orderId, expectedVersion);
    this.productId = productId;
  }
}
