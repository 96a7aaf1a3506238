import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OrderFieldRules } from '../../orders/order-field.rules.js';

/** Arguments of the `orders` query; the same grammar as REST's `GET /orders`. */
@ArgsType()
export class OrdersArgs {
  /** Filter string, e.g. `status:eq:confirmed,total:gte:100`. */
  @Field(() => String, { nullable: true })
  @OrderFieldRules.optionalString()
  readonly filter?: string;

  /** Sort string, e.g. `-updatedAt`. */
  @Field(() => String, { nullable: true })
  @OrderFieldRules.optionalString()
  readonly sort?: string;

  /** Page size, 1-100 (default 20). */
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  readonly first?: number;

  /** `nextCursor` of the previous page. */
  @Field(() => String, { nullable: true })
  @OrderFieldRules.optionalString()
  readonly after?: string;
}
