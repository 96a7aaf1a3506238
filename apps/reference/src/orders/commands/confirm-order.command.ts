import { Authorize } from '@cqrs-ddd/access-control';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { OrderChangeCommand } from './order-change.command.js';

/** Confirms a pending order that has items; answers `OrderWriteResult`. */
@Authorize<ConfirmOrderCommand>(OrderPermission.CONFIRM, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class ConfirmOrderCommand extends OrderChangeCommand {}
