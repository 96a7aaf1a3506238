import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../../orders/domain/order.aggregate.js';
import { changeOrder } from '../../../orders/commands/handlers/change-order.js';
import type { OrderWriteResult } from '../../../orders/commands/order-write-result.js';
import { ShipOrderCommand } from '../ship-order.command.js';

/** Ships a confirmed order (`order.shipped`); a shipped order can no longer be cancelled. */
@CommandHandler(ShipOrderCommand)
export class ShipOrderHandler implements ICommandHandler<ShipOrderCommand, OrderWriteResult> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
  ) {}

  execute({ orderId }: ShipOrderCommand): Promise<OrderWriteResult> {
    return changeOrder(this.orders, orderId, undefined, (order) => order.ship());
  }
}
