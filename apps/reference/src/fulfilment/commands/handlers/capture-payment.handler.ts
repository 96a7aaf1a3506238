import { type AggregateRepository, InjectAggregateRepository } from '@cqrs-ddd/event-store';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../../../orders/domain/order.aggregate.js';
import { Payment } from '../../payment/payment.aggregate.js';
import { CapturePaymentCommand } from '../capture-payment.command.js';

/**
 * Asks the simulated payment provider to capture the order's total; the answer is an event
 * (`payment.captured`, `payment.declined`, or none yet after `payment.requested`). Runs once per
 * order: a repeated command finds the payment and changes nothing.
 */
@CommandHandler(CapturePaymentCommand)
export class CapturePaymentHandler implements ICommandHandler<CapturePaymentCommand, void> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
    @InjectAggregateRepository(Payment) private readonly payments: AggregateRepository<Payment>,
  ) {}

  async execute({ orderId }: CapturePaymentCommand): Promise<void> {
    if (await this.payments.loadOrNull(Payment.idFor(orderId))) return;
    const order = await this.orders.load(orderId);
    await this.payments.save(Payment.capture(orderId, order.customerId, order.total.cents));
  }
}
