import { OrderChangeCommand } from './order-change.command.js';

/** Confirms a pending order that has items; answers `OrderWriteResult`. */
export class ConfirmOrderCommand extends OrderChangeCommand {}
