import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../domain/order.aggregate.js';
import { AddOrderItemCommand } from '../add-order-item.command.js';
import type { OrderWriteResult } from '../order-write-result.js';
import { changeOrder } from './change-order.js';

/** Adds units of a product to a pending order. */
@CommandHandler(AddOrderItemCommand)
export class AddOrderItemHandler implements ICommandHandler<AddOrderItemCommand, OrderWriteResult> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
  ) {}

  execute(command: AddOrderItemCommand): Promise<OrderWriteResult> {
    return changeOrder(this.orders, command.orderId, command.expectedVersion, (order) =>
      order.addItem(command.productId, command.quantity, command.unitPrice),
    );
  }
}
