import { Authorize } from '@cqrs-ddd/access-control';
import { FulfilmentPermission, ORDER_RESOURCE } from '../../access/order-access.rules.js';
import { FulfilmentCommand } from './fulfilment.command.js';

/** Pays a captured order total back (compensation of the capture). */
@Authorize<RefundPaymentCommand>(FulfilmentPermission.PAYMENT_REFUND, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class RefundPaymentCommand extends FulfilmentCommand {
  static readonly type = 'fulfilment.refund-payment';
}
