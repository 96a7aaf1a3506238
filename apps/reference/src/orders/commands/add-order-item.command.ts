import { Authorize } from '@cqrs-ddd/access-control';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { OrderFieldRules } from '../order-field.rules.js';
import { OrderChangeCommand } from './order-change.command.js';

/** Adds units of a product to a pending order; answers `OrderWriteResult`. */
@Authorize<AddOrderItemCommand>(OrderPermission.ADD_ITEM, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class AddOrderItemCommand extends OrderChangeCommand {
  /** Id of the product. */
  @OrderFieldRules.reference()
  readonly productId: string;

  /** Units to add: a whole number > 0. */
  @OrderFieldRules.quantity()
  readonly quantity: number;

  /** Price of one unit, >= 0 with at most two decimals. */
  @OrderFieldRules.unitPrice()
  readonly unitPrice: number;

  constructor(
    orderId: string,
    productId: string,
    quantity: number,
    unitPrice: number,
    expectedVersion?: number,
  ) {
    super(orderId, expectedVersion);
    this.productId = productId;
    this.quantity = quantity;
    this.unitPrice = unitPrice;
  }
}
