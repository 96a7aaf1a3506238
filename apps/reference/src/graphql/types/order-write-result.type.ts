import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** GraphQL `OrderWriteResult`: what every order mutation answers. */
@ObjectType('OrderWriteResult')
export class OrderWriteResultType {
  @Field(() => ID)
  readonly id!: string;

  /** Version after the change: pass as `expectedVersion` to write again, `minVersion` to read. */
  @Field(() => Int)
  readonly version!: number;
}
