import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../../orders/domain/order.aggregate.js';
import { StockReservation } from '../../stock/stock-reservation.aggregate.js';
import { ReserveStockCommand } from '../reserve-stock.command.js';

/**
 * Reserves the order's lines in the simulated stock service; the outcome is an event
 * (`stock.reserved` or `stock.reservation-failed`) the saga waits for. Runs once per order: a
 * repeated command finds the reservation and changes nothing.
 */
@CommandHandler(ReserveStockCommand)
export class ReserveStockHandler implements ICommandHandler<ReserveStockCommand, void> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
    @InjectAggregateRepository(StockReservation)
    private readonly reservations: AggregateRepository<StockReservation>,
  ) {}

  async execute({ orderId }: ReserveStockCommand): Promise<void> {
    if (await this.reservations.loadOrNull(StockReservation.idFor(orderId))) return;
    const order = await this.orders.load(orderId);
    await this.reservations.save(StockReservation.reserve(orderId, order.lines));
  }
}
