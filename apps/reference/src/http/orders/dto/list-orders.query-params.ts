import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { OrderFieldRules } from '../../../orders/order-field.rules.js';

/**
 * Query parameters of `GET /orders`. Here they are only checked to be single strings (`filter`
 * may repeat); what they say is checked by the orders' query schema, which names every problem
 * (`filter.total`, `sort`, `limit`, `cursor`).
 */
export class ListOrdersQueryParams {
  @ApiPropertyOptional({
    type: String,
    description:
      'Filter `field:op:value`, comma-separated terms are ANDed, `|` separates list values. ' +
      'Fields: status, customerId (eq, ne, in, nin); total, itemCount, version, createdAt, ' +
      'updatedAt (eq, ne, gt, gte, lt, lte, between).',
    example: 'status:eq:confirmed',
  })
  @IsOptional()
  @IsString({ each: true })
  readonly filter?: string | string[];

  @ApiPropertyOptional({
    description: 'Sort fields, `-` for descending, comma-separated.',
    example: '-updatedAt',
    default: '-updatedAt',
  })
  @OrderFieldRules.optionalString()
  readonly sort?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @OrderFieldRules.optionalString()
  readonly limit?: string;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page (same filter and sort).' })
  @OrderFieldRules.optionalString()
  readonly cursor?: string;
}
