import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../domain/order.aggregate.js';
import { RemoveOrderItemCommand } from '../remove-order-item.command.js';
import type { OrderWriteResult } from '../order-write-result.js';
import { changeOrder } from './change-order.js';

/** Removes a product's line from a pending order. */
@CommandHandler(RemoveOrderItemCommand)
export class RemoveOrderItemHandler implements ICommandHandler<
  RemoveOrderItemCommand,
  OrderWriteResult
> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
  ) {}

  execute(command: RemoveOrderItemCommand): Promise<OrderWriteResult> {
    return changeOrder(this.orders, command.orderId, command.expectedVersion, (order) =>
      order.removeItem(command.productId),
    );
  }
}
