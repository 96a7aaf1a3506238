import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StockReservation } from '../../stock/stock-reservation.aggregate.js';
import { ReleaseStockCommand } from '../release-stock.command.js';

/** Releases an order's stock reservation (`NotFoundError` when there is none). */
@CommandHandler(ReleaseStockCommand)
export class ReleaseStockHandler implements ICommandHandler<ReleaseStockCommand, void> {
  constructor(
    @InjectAggregateRepository(StockReservation)
    private readonly reservations: AggregateRepository<StockReservation>,
  ) {}

  async execute({ orderId }: ReleaseStockCommand): Promise<void> {
    const reservation = await this.reservations.load(StockReservation.idFor(orderId));
    reservation.release(orderId);
    await this.reservations.save(reservation);
  }
}
