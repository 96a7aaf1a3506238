import { ApiProperty } from '@nestjs/swagger';
import { OrderFieldRules } from '../../../orders/order-field.rules.js';

/** Body of `POST /orders`. */
export class CreateOrderBody {
  /** Id of the customer placing the order. */
  @ApiProperty({
    description: 'Id of the customer placing the order.',
    example: 'customer-42',
    maxLength: 100,
  })
  @OrderFieldRules.reference()
  readonly customerId!: string;
}
