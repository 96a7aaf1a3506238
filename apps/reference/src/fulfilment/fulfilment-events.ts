import { PaymentCaptured } from './payment/payment-captured.event.js';
import { PaymentDeclined } from './payment/payment-declined.event.js';
import { PaymentRefunded } from './payment/payment-refunded.event.js';
import { PaymentRequested } from './payment/payment-requested.event.js';
import { StockReleased } from './stock/stock-released.event.js';
import { StockReservationFailed } from './stock/stock-reservation-failed.event.js';
import { StockReserved } from './stock/stock-reserved.event.js';

/** Every event class of the simulated stock and payment services, for the event store's registry. */
export const FULFILMENT_EVENTS = [
  StockReserved,
  StockReservationFailed,
  StockReleased,
  PaymentRequested,
  PaymentCaptured,
  PaymentDeclined,
  PaymentRefunded,
];
