import { Authorize } from '@cqrs-ddd/access-control';
import { FeatureFlag } from '@cqrs-ddd/feature-flags';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';
import { ORDER_CANCELLATION_FLAG } from '../../features/order-feature-flags.js';
import { OrderChangeCommand } from './order-change.command.js';

/**
 * Cancels an order that is not shipped; answers `OrderWriteResult`. Only where the
 * `order-cancellation` flag is on for the caller's tenant (else `NotFoundError`, on every
 * transport: the flag is checked in the pipeline).
 */
@FeatureFlag(ORDER_CANCELLATION_FLAG)
@Authorize<CancelOrderCommand>(OrderPermission.CANCEL, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class CancelOrderCommand extends OrderChangeCommand {
  /** Stored type name (the fulfilment saga stores it as its final compensation). */
  static readonly type = 'orders.cancel';
}
