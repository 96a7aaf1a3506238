// Test fixture (not part of the public API): a command saving a new order through the pipeline.
import { UnitOfWork } from '@cqrs-ddd/core';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AggregateRepository } from '../repository/aggregate-repository.js';
import { Order } from '../repository/order.fixture.js';
import { InjectAggregateRepository } from './event-store.tokens.js';

/** Opens order `orderId` of customer `c-1` with one item (two events). */
export class OpenOrder {
  constructor(readonly orderId: string) {}
}

/** Saves the new order; resolves its version and whether a unit of work was active. */
@CommandHandler(OpenOrder)
export class OpenOrderHandler implements ICommandHandler<OpenOrder> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ orderId }: OpenOrder): Promise<{ version: number; inUnit: boolean }> {
    const order = Order.create(orderId, 'c-1');
    order.addItem('p-1', 1);
    await this.orders.save(order);
    return { version: order.version, inUnit: this.unitOfWork.isActive() };
  }
}
