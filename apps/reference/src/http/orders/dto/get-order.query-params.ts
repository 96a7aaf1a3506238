import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { OrderFieldRules } from '../../../orders/order-field.rules.js';

/** Query parameters of `GET /orders/:id`. */
export class GetOrderQueryParams {
  /**
   * Read-your-writes: wait (bounded) until the read model shows at least this version — the
   * `version` a write answered. Same as the `X-Min-Version` header.
   */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description:
      'Wait (bounded) until the order reaches this version (from a write response); ' +
      '503 READ_MODEL_LAGGING if it does not in time. Same as the X-Min-Version header.',
  })
  @Type(() => Number)
  @OrderFieldRules.optionalVersion()
  readonly minVersion?: number;
}
