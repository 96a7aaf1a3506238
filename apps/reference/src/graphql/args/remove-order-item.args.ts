import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { OrderFieldRules } from '../../orders/order-field.rules.js';

/** Arguments of `removeOrderItem`. */
@ArgsType()
export class RemoveOrderItemArgs {
  @Field(() => ID)
  @OrderFieldRules.orderId()
  readonly orderId!: string;

  @Field(() => String)
  @OrderFieldRules.reference()
  readonly productId!: string;

  /** The version the change is based on; another current version fails with CONFLICT. */
  @Field(() => Int, { nullable: true })
  @OrderFieldRules.optionalVersion()
  readonly expectedVersion?: number;
}
