import { IdGenerator } from '@cqrs-ddd/core';
import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../domain/order.aggregate.js';
import { CreateOrderCommand } from '../create-order.command.js';
import type { OrderWriteResult } from '../order-write-result.js';

/** Opens an order under a new UUIDv7 id. */
@CommandHandler(CreateOrderCommand)
export class CreateOrderHandler implements ICommandHandler<CreateOrderCommand, OrderWriteResult> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
    private readonly ids: IdGenerator,
  ) {}

  async execute({ customerId }: CreateOrderCommand): Promise<OrderWriteResult> {
    const order = Order.create(this.ids.newId(), customerId);
    await this.orders.save(order);
    return { id: order.id, version: order.version };
  }
}
