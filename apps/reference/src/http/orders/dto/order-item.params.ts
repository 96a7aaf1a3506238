import { ApiProperty } from '@nestjs/swagger';
import { OrderFieldRules } from '../../../orders/order-field.rules.js';
import { OrderIdParams } from './order-id.params.js';

/** Path parameters of `DELETE /orders/:id/items/:productId`. */
export class OrderItemParams extends OrderIdParams {
  /** Id of the product whose line is removed. */
  @ApiProperty({ description: 'Id of the product whose line is removed.', maxLength: 100 })
  @OrderFieldRules.reference()
  readonly productId!: string;
}
