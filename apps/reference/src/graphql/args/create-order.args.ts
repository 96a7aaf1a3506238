import { ArgsType, Field } from '@nestjs/graphql';
import { OrderFieldRules } from '../../orders/order-field.rules.js';

/** Arguments of `createOrder`. */
@ArgsType()
export class CreateOrderArgs {
  @Field(() => String)
  @OrderFieldRules.reference()
  readonly customerId!: string;
}
