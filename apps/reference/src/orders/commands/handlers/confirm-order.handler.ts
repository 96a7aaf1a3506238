import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../domain/order.aggregate.js';
import { ConfirmOrderCommand } from '../confirm-order.command.js';
import type { OrderWriteResult } from '../order-write-result.js';
import { changeOrder } from './change-order.js';

/** Confirms a pending order that has items. */
@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand, OrderWriteResult> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
  ) {}

  execute(command: ConfirmOrderCommand): Promise<OrderWriteResult> {
    return changeOrder(this.orders, command.orderId, command.expectedVersion, (order) =>
      order.confirm(),
    );
  }
}
