import { applyDecorators } from '@nestjs/common';
import {
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/**
 * The input rules of the order fields, in one place: the commands carry them (the pipeline checks
 * them behind every transport), and the REST DTOs and GraphQL argument types reuse them so both
 * transports reject bad input with the same field list before a command is built.
 */
export const OrderFieldRules = {
  /** An order id: a UUID, as `POST /orders` / `createOrder` return it. */
  orderId: (): PropertyDecorator => applyDecorators(IsUUID()),
  /** An order id inside a command: any non-empty string (the API narrows it to a UUID). */
  commandOrderId: (): PropertyDecorator => applyDecorators(IsString(), IsNotEmpty()),
  /** A customer or product id: 1-100 characters. */
  reference: (): PropertyDecorator => applyDecorators(IsString(), IsNotEmpty(), MaxLength(100)),
  /** Units of a product: a whole number from 1 to 1,000,000. */
  quantity: (): PropertyDecorator => applyDecorators(IsInt(), Min(1), Max(1_000_000)),
  /** Price of one unit: 0 to 1,000,000,000 with at most two decimals. */
  unitPrice: (): PropertyDecorator =>
    applyDecorators(
      IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }),
      Min(0),
      Max(1_000_000_000),
    ),
  /** An optional order version (`expectedVersion`, `minVersion`): a whole number >= 1. */
  optionalVersion: (): PropertyDecorator => applyDecorators(IsOptional(), IsInt(), Min(1)),
  /** An optional free-form string parameter (filter, sort, cursor). */
  optionalString: (): PropertyDecorator => applyDecorators(IsOptional(), IsString()),
} as const;
