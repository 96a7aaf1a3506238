import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { OrderFieldRules } from '../../orders/order-field.rules.js';

/** Arguments of the `order` query. */
@ArgsType()
export class OrderArgs {
  @Field(() => ID)
  @OrderFieldRules.orderId()
  readonly id!: string;

  /** Read-your-writes: wait (bounded) until the order reaches this version. */
  @Field(() => Int, { nullable: true })
  @OrderFieldRules.optionalVersion()
  readonly minVersion?: number;
}
