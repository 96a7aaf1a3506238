import {
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Adds units of a product to a pending order; answers `OrderWriteResult`. */
export class AddOrderItemCommand {
  /** Id of the order. */
  @IsString()
  @IsNotEmpty()
  readonly orderId: string;

  /** Id of the product. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly productId: string;

  /** Units to add: a whole number > 0. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  readonly quantity: number;

  /** Price of one unit, >= 0 with at most two decimals. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000)
  readonly unitPrice: number;

  /** The order version the caller saw (HTTP `If-Match`); a different one fails with 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  readonly expectedVersion?: number;

  constructor(
    orderId: string,
    productId: string,
    quantity: number,
    unitPrice: number,
    expectedVersion?: number,
  ) {
    this.orderId = orderId;
    this.productId = productId;
    this.quantity = quantity;
    this.unitPrice = unitPrice;
    this.expectedVersion = expectedVersion;
  }
}
