import { Authorize } from '@cqrs-ddd/access-control';
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { ORDER_RESOURCE, OrderPermission } from '../../access/order-access.rules.js';

/**
 * The `OrderSummary` of one order (`NotFoundError` when there is none). With `minVersion`, waits
 * (bounded) until the read model reflects at least that version — read-your-writes after a
 * command that answered that version — and otherwise fails with `ReadModelLaggingError`.
 */
@Authorize(OrderPermission.READ, { resource: { type: ORDER_RESOURCE }, filter: true })
export class GetOrderQuery {
  /** Id of the order. */
  @IsString()
  @IsNotEmpty()
  readonly id: string;

  /** Lowest acceptable version of the summary. */
  @IsOptional()
  @IsInt()
  @Min(1)
  readonly minVersion?: number;

  constructor(id: string, minVersion?: number) {
    this.id = id;
    this.minVersion = minVersion;
  }
}
