import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/** GraphQL `OrderStreamEvent`: one order event of the `orderEvents` subscription. */
@ObjectType('OrderStreamEvent')
export class OrderStreamEventType {
  /** Log position: resume with `orderEvents(after: id)`. */
  @Field(() => String)
  readonly id!: string;

  /** Event type, e.g. `order.created`. */
  @Field(() => String)
  readonly type!: string;

  @Field(() => ID)
  readonly orderId!: string;

  /** The order's version after the event. */
  @Field(() => Int)
  readonly version!: number;

  @Field(() => String)
  readonly occurredAt!: string;

  @Field(() => String, { nullable: true })
  readonly customerId?: string;

  @Field(() => String, { nullable: true })
  readonly productId?: string;

  @Field(() => Int, { nullable: true })
  readonly quantity?: number;

  @Field(() => Float, { nullable: true })
  readonly unitPrice?: number;
}
