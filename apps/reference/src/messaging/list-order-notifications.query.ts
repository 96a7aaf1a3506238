import { Authorize } from '@cqrs-ddd/access-control';
import { IsNotEmpty, IsString } from 'class-validator';
import { ORDER_RESOURCE, OrderPermission } from '../access/order-access.rules.js';

/** The notifications the RabbitMQ consumer recorded for one order of the caller's tenant. */
@Authorize<ListOrderNotificationsQuery>(OrderPermission.READ, {
  resource: ({ orderId }) => ({ type: ORDER_RESOURCE, id: orderId }),
})
export class ListOrderNotificationsQuery {
  /** Id of the order. */
  @IsString()
  @IsNotEmpty()
  readonly orderId: string;

  constructor(orderId: string) {
    this.orderId = orderId;
  }
}
