import { ApiProperty } from '@nestjs/swagger';
import { OrderFieldRules } from '../../../orders/order-field.rules.js';

/** Body of `POST /orders/:id/items`. */
export class AddOrderItemBody {
  /** Id of the product. */
  @ApiProperty({ description: 'Id of the product.', example: 'sku-1', maxLength: 100 })
  @OrderFieldRules.reference()
  readonly productId!: string;

  /** Units to add: a whole number > 0. */
  @ApiProperty({ description: 'Units to add.', example: 2, minimum: 1, maximum: 1_000_000 })
  @OrderFieldRules.quantity()
  readonly quantity!: number;

  /** Price of one unit: >= 0, at most two decimals. */
  @ApiProperty({
    description: 'Price of one unit, at most two decimals.',
    example: 19.99,
    minimum: 0,
    maximum: 1_000_000_000,
    multipleOf: 0.01,
  })
  @OrderFieldRules.unitPrice()
  readonly unitPrice!: number;
}
