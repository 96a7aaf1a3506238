import { ArgsType, Field, Float, ID, Int } from '@nestjs/graphql';
import { OrderFieldRules } from '../../orders/order-field.rules.js';

/** Arguments of `addOrderItem`. */
@ArgsType()
export class AddOrderItemArgs {
  @Field(() => ID)
  @OrderFieldRules.orderId()
  readonly orderId!: string;

  @Field(() => String)
  @OrderFieldRules.reference()
  readonly productId!: string;

  @Field(() => Int)
  @OrderFieldRules.quantity()
  readonly quantity!: number;

  @Field(() => Float)
  @OrderFieldRules.unitPrice()
  readonly unitPrice!: number;

  /** The version the change is based on; another current version fails with CONFLICT. */
  @Field(() => Int, { nullable: true })
  @OrderFieldRules.optionalVersion()
  readonly expectedVersion?: number;
}
