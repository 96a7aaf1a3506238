import { AddOrderItemHandler } from './add-order-item.handler.js';
import { CancelOrderHandler } from './cancel-order.handler.js';
import { ConfirmOrderHandler } from './confirm-order.handler.js';
import { CreateOrderHandler } from './create-order.handler.js';
import { RemoveOrderItemHandler } from './remove-order-item.handler.js';

/** The Order command handlers, as providers of `OrdersModule`. */
export const ORDER_COMMAND_HANDLERS = [
  CreateOrderHandler,
  AddOrderItemHandler,
  RemoveOrderItemHandler,
  ConfirmOrderHandler,
  CancelOrderHandler,
];
