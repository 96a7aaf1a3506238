import { Authorize } from '@cqrs-ddd/access-control';
import { FulfilmentPermission, ORDER_RESOURCE } from '../../access/order-access.rules.js';
import { FulfilmentCommand } from './fulfilment.command.js';

/** Captures an order's total from its customer (simulated payment provider). */
@Authorize<CapturePaymentCommand>(FulfilmentPermission.PAYMENT_CAPTURE, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class CapturePaymentCommand extends FulfilmentCommand {
  static readonly type = 'fulfilment.capture-payment';
}
