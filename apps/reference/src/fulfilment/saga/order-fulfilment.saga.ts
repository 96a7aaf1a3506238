import { defineSaga, type SagaDefinition } from '@cqrs-ddd/sagas';
import { CancelOrderCommand } from '../../orders/commands/cancel-order.command.js';
import { OrderConfirmed } from '../../orders/events/order-confirmed.event.js';
import { OrderShipped } from '../../orders/events/order-shipped.event.js';
import { CapturePaymentCommand } from '../commands/capture-payment.command.js';
import { RefundPaymentCommand } from '../commands/refund-payment.command.js';
import { ReleaseStockCommand } from '../commands/release-stock.command.js';
import { ReserveStockCommand } from '../commands/reserve-stock.command.js';
import { ShipOrderCommand } from '../commands/ship-order.command.js';
import { PaymentCaptured } from '../payment/payment-captured.event.js';
import { PaymentDeclined } from '../payment/payment-declined.event.js';
import { StockReservationFailed } from '../stock/stock-reservation-failed.event.js';
import { StockReserved } from '../stock/stock-reserved.event.js';

/** Name of the order fulfilment saga (its processor, instances and principal `saga:<name>`). */
export const ORDER_FULFILMENT_SAGA = 'order-fulfilment';

/** What the fulfilment saga keeps per order. */
export interface OrderFulfilmentState {
  readonly orderId: string;
}

/** The order a fulfilment event is about (every fulfilment event carries `orderId`). */
const orderOf = (event: { readonly data: unknown }): string =>
  (event.data as { orderId: string }).orderId;

/**
 * Fulfils a confirmed order: reserve its stock, capture its payment (within
 * `paymentTimeoutMs`), ship it. A refused reservation, a declined or late payment compensates
 * in reverse order: refund what was captured, release what was reserved, cancel the order.
 */
export function orderFulfilmentSaga(
  paymentTimeoutMs: number,
): SagaDefinition<OrderFulfilmentState> {
  return defineSaga<OrderFulfilmentState>(ORDER_FULFILMENT_SAGA)
    .startedBy(OrderConfirmed, {
      correlate: (event) => event.streamId,
      init: (event) => ({ orderId: event.streamId }),
    })
    .step('reserve-stock', {
      command: ({ orderId }) => new ReserveStockCommand(orderId),
      completedBy: StockReserved,
      failedBy: StockReservationFailed,
      correlate: orderOf,
      compensate: ({ orderId }) => new ReleaseStockCommand(orderId),
    })
    .step('capture-payment', {
      command: ({ orderId }) => new CapturePaymentCommand(orderId),
      completedBy: PaymentCaptured,
      failedBy: PaymentDeclined,
      correlate: orderOf,
      compensate: ({ orderId }) => new RefundPaymentCommand(orderId),
      timeout: { afterMs: paymentTimeoutMs, reason: 'payment not captured in time' },
    })
    .step('ship-order', {
      command: ({ orderId }) => new ShipOrderCommand(orderId),
      completedBy: OrderShipped,
      correlate: (event) => event.streamId,
    })
    .compensateStart(({ orderId }) => new CancelOrderCommand(orderId))
    .build();
}
