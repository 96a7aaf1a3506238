import { ApiProperty } from '@nestjs/swagger';
import { OrderFieldRules } from '../../../orders/order-field.rules.js';

/** Path parameters of `/orders/:id/...`. */
export class OrderIdParams {
  /** Id of the order (a UUID, as returned by `POST /orders`). */
  @ApiProperty({ description: 'Id of the order.', format: 'uuid' })
  @OrderFieldRules.orderId()
  readonly id!: string;
}
