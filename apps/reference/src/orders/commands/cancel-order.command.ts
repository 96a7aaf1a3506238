import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';

/** Cancels an order that is not shipped; answers `OrderWriteResult`. */
export class CancelOrderCommand {
  /** Id of the order. */
  @IsString()
  @IsNotEmpty()
  readonly orderId: string;

  /** The order version the caller saw (HTTP `If-Match`); a different one fails with 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  readonly expectedVersion?: number;

  constructor(orderId: string, expectedVersion?: number) {
    this.orderId = orderId;
    this.expectedVersion = expectedVersion;
  }
}
