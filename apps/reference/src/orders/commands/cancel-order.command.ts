import { OrderChangeCommand } from './order-change.command.js';

/** Cancels an order that is not shipped; answers `OrderWriteResult`. */
export class CancelOrderCommand extends OrderChangeCommand {}
