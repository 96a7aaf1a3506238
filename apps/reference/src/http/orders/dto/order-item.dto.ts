import { ApiProperty } from '@nestjs/swagger';

/** One line of an order. */
export class OrderItemDto {
  @ApiProperty({ example: 'sku-1' })
  readonly productId!: string;

  @ApiProperty({ example: 2 })
  readonly quantity!: number;

  @ApiProperty({ description: 'Price of one unit (two decimals).', example: 19.99 })
  readonly unitPrice!: number;
}
