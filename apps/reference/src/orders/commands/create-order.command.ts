import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Opens a new, empty order for a customer; answers `OrderWriteResult` (version 1). */
export class CreateOrderCommand {
  /** Id of the customer placing the order. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly customerId: string;

  constructor(customerId: string) {
    this.customerId = customerId;
  }
}
