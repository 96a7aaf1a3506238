import { Authorize } from '@cqrs-ddd/access-control';
import { FulfilmentPermission, ORDER_RESOURCE } from '../../access/order-access.rules.js';
import { FulfilmentCommand } from './fulfilment.command.js';

/** Reserves the stock of a confirmed order's items (simulated stock service). */
@Authorize<ReserveStockCommand>(FulfilmentPermission.STOCK_RESERVE, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class ReserveStockCommand extends FulfilmentCommand {
  static readonly type = 'fulfilment.reserve-stock';
}
