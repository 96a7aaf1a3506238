import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** Removes a product's line from a pending order; answers `OrderWriteResult`. */
export class RemoveOrderItemCommand {
  /** Id of the order. */
  @IsString()
  @IsNotEmpty()
  readonly orderId: string;

  /** Id of the product whose line is removed. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly productId: string;

  /** The order version the caller saw (HTTP `If-Match`); a different one fails with 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  readonly expectedVersion?: number;

  constructor(orderId: string, productId: string, expectedVersion?: number) {
    this.orderId = orderId;
    this.productId = productId;
    this.expectedVersion = expectedVersion;
  }
}
