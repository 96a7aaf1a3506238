import { Authorize } from '@cqrs-ddd/access-control';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { OrderChangeCommand } from './order-change.command.js';

/** Cancels an order that is not shipped; answers `OrderWriteResult`. */
@Authorize<CancelOrderCommand>(OrderPermission.CANCEL, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class CancelOrderCommand extends OrderChangeCommand {}
