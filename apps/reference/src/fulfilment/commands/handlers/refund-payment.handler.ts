import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Payment } from '../../payment/payment.aggregate.js';
import { RefundPaymentCommand } from '../refund-payment.command.js';

/** Refunds an order's captured payment (`NotFoundError` when there is none). */
@CommandHandler(RefundPaymentCommand)
export class RefundPaymentHandler implements ICommandHandler<RefundPaymentCommand, void> {
  constructor(
    @InjectAggregateRepository(Payment) private readonly payments: AggregateRepository<Payment>,
  ) {}

  async execute({ orderId }: RefundPaymentCommand): Promise<void> {
    const payment = await this.payments.load(Payment.idFor(orderId));
    payment.refund(orderId);
    await this.payments.save(payment);
  }
}
