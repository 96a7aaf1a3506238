import { Authorize } from '@cqrs-ddd/access-control';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { OrderFieldRules } from '../order-field.rules.js';

/** Opens a new, empty order for a customer; answers `OrderWriteResult` (version 1). */
@Authorize<CreateOrderCommand>(OrderPermission.CREATE, {
  resource: ({ customerId }) => ({ type: ORDER_RESOURCE, attributes: { customerId } }),
})
export class CreateOrderCommand {
  /** Id of the customer placing the order. */
  @OrderFieldRules.reference()
  readonly customerId: string;

  constructor(customerId: string) {
    this.customerId = customerId;
  }
}
