import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrderItemType } from './order-item.type.js';

/** GraphQL `Order`: the `OrderSummary` read model, the same fields as REST's `GET /orders/:id`. */
@ObjectType('Order')
export class OrderType {
  @Field(() => ID)
  readonly id!: string;

  @Field(() => String)
  readonly customerId!: string;

  /** `pending`, `confirmed` or `cancelled`. */
  @Field(() => String)
  readonly status!: string;

  @Field(() => [OrderItemType])
  readonly items!: OrderItemType[];

  /** Sum of quantity × unit price (two decimals). */
  @Field(() => Float)
  readonly total!: number;

  @Field(() => Int)
  readonly itemCount!: number;

  @Field(() => Int)
  readonly version!: number;

  /** ISO-8601 UTC time of the latest change. */
  @Field(() => String)
  readonly updatedAt!: string;
}
