import { IsNotEmpty, IsString } from 'class-validator';

/** The notifications the RabbitMQ consumer recorded for one order of the caller's tenant. */
export class ListOrderNotificationsQuery {
  /** Id of the order. */
  @IsString()
  @IsNotEmpty()
  readonly orderId: string;

  constructor(orderId: string) {
    this.orderId = orderId;
  }
}
