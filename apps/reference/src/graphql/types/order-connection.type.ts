import { Field, ObjectType } from '@nestjs/graphql';
import { OrderType } from './order.type.js';

/** GraphQL `OrderConnection`: one page of orders. */
@ObjectType('OrderConnection')
export class OrderConnectionType {
  @Field(() => [OrderType])
  readonly items!: OrderType[];

  /** Pass as `after` (same filter and sort) for the next page; null on the last page. */
  @Field(() => String, { nullable: true })
  readonly nextCursor!: string | null;
}
