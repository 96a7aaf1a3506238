import { Authorize } from '@cqrs-ddd/access-control';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { OrderFieldRules } from '../order-field.rules.js';
import { OrderChangeCommand } from './order-change.command.js';

/** Removes a product's line from a pending order; answers `OrderWriteResult`. */
@Authorize<RemoveOrderItemCommand>(OrderPermission.REMOVE_ITEM, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class RemoveOrderItemCommand extends OrderChangeCommand {
  /** Id of the product whose line is removed. */
  @OrderFieldRules.reference()
  readonly productId: string;

  constructor(orderId: string, productId: string, expectedVersion?: number) {
    super(orderId, expectedVersion);
    this.productId = productId;
  }
}
