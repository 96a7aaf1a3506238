import { Authorize } from '@cqrs-ddd/access-control';
import { FulfilmentPermission, ORDER_RESOURCE } from '../../access/order-access.rules.js';
import { FulfilmentCommand } from './fulfilment.command.js';

/** Ships a confirmed, paid order: the order records OrderShipped and can no longer be cancelled. */
@Authorize<ShipOrderCommand>(FulfilmentPermission.SHIP, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class ShipOrderCommand extends FulfilmentCommand {
  static readonly type = 'fulfilment.ship-order';
}
