import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

/** GraphQL `OrderItem`: one line of an order. */
@ObjectType('OrderItem')
export class OrderItemType {
  @Field(() => String)
  readonly productId!: string;

  @Field(() => Int)
  readonly quantity!: number;

  /** Price of one unit (two decimals). */
  @Field(() => Float)
  readonly unitPrice!: number;
}
