import { CapturePaymentHandler } from './capture-payment.handler.js';
import { RefundPaymentHandler } from './refund-payment.handler.js';
import { ReleaseStockHandler } from './release-stock.handler.js';
import { ReserveStockHandler } from './reserve-stock.handler.js';
import { ShipOrderHandler } from './ship-order.handler.js';

/** The fulfilment command handlers, as providers of `FulfilmentModule`. */
export const FULFILMENT_COMMAND_HANDLERS = [
  ReserveStockHandler,
  ReleaseStockHandler,
  CapturePaymentHandler,
  RefundPaymentHandler,
  ShipOrderHandler,
];
