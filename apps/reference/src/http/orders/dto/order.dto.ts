import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES, type OrderStatus } from '../../../orders/domain/order-status.js';
import { OrderItemDto } from './order-item.dto.js';

/** An order as `GET /orders/:id` and `GET /orders` show it (the `OrderSummary` read model). */
export class OrderDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ example: 'customer-42' })
  readonly customerId!: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'pending' })
  readonly status!: OrderStatus;

  @ApiProperty({ type: [OrderItemDto] })
  readonly items!: OrderItemDto[];

  @ApiProperty({ description: 'Sum of quantity × unit price (two decimals).', example: 39.98 })
  readonly total!: number;

  @ApiProperty({ description: 'Sum of the quantities.', example: 2 })
  readonly itemCount!: number;

  @ApiProperty({ description: 'Version of the order (also its `ETag`).', example: 2 })
  readonly version!: number;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}
