import { ApiProperty } from '@nestjs/swagger';
import { OrderDto } from './order.dto.js';

/** One page of `GET /orders`. */
export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] })
  readonly items!: OrderDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` (same filter and sort) for the next page; null on the last.',
  })
  readonly nextCursor!: string | null;
}
