import { Authorize } from '@cqrs-ddd/access-control';
import { Audited } from '@cqrs-ddd/audit';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { OrderFieldRules } from '../order-field.rules.js';
import type { OrderWriteResult } from './order-write-result.js';

/**
 * Opens a new, empty order for a customer; answers `OrderWriteResult` (version 1). Its audit
 * entry names the order it created.
 */
@Audited<CreateOrderCommand>({
  resource: { type: ORDER_RESOURCE, id: (_, result) => (result as OrderWriteResult)?.id },
})
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
