import { Authorize } from '@cqrs-ddd/access-control';
import { FulfilmentPermission, ORDER_RESOURCE } from '../../access/order-access.rules.js';
import { FulfilmentCommand } from './fulfilment.command.js';

/** Puts an order's reserved stock back (compensation of the reservation). */
@Authorize<ReleaseStockCommand>(FulfilmentPermission.STOCK_RELEASE, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class ReleaseStockCommand extends FulfilmentCommand {
  static readonly type = 'fulfilment.release-stock';
}
