import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../domain/order.aggregate.js';
import { CancelOrderCommand } from '../cancel-order.command.js';
import type { OrderWriteResult } from '../order-write-result.js';
import { changeOrder } from './change-order.js';

/** Cancels an order that is not shipped. */
@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderWriteResult> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
  ) {}

  execute(command: CancelOrderCommand): Promise<OrderWriteResult> {
    return changeOrder(this.orders, command.orderId, command.expectedVersion, (order) =>
      order.cancel(),
    );
  }
}
