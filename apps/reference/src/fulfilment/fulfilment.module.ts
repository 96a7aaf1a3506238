import { EventStoreModule } from '@cqrs-ddd/event-store';
import { SagasModule } from '@cqrs-ddd/sagas';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { CancelOrderCommand } from '../orders/commands/cancel-order.command.js';
import { Order } from '../orders/domain/order.aggregate.js';
import { ORDER_EVENTS } from '../orders/events/order-events.js';
import { CapturePaymentCommand } from './commands/capture-payment.command.js';
import { FULFILMENT_COMMAND_HANDLERS } from './commands/handlers/fulfilment-command-handlers.js';
import { RefundPaymentCommand } from './commands/refund-payment.command.js';
import { ReleaseStockCommand } from './commands/release-stock.command.js';
import { ReserveStockCommand } from './commands/reserve-stock.command.js';
import { ShipOrderCommand } from './commands/ship-order.command.js';
import { FULFILMENT_ROLE } from '../access/order-access.rules.js';
import { FULFILMENT_EVENTS } from './fulfilment-events.js';
import { Payment } from './payment/payment.aggregate.js';
import { orderFulfilmentSaga } from './saga/order-fulfilment.saga.js';
import { StockReservation } from './stock/stock-reservation.aggregate.js';

/** Options of {@link FulfilmentModule.forRoot}. */
export interface FulfilmentModuleOptions {
  /** The app's configuration (payment timeout). */
  readonly config: Pick<AppConfig, 'paymentTimeoutMs'>;
  /** Mount the saga admin API at `/sagas`. @default true */
  readonly api?: boolean;
  /** Run the saga, its command dispatcher and the scheduler's worker here. @default true */
  readonly workers?: boolean;
}

/** Commands the saga and the scheduler store, by their stable type names. */
const STORED_COMMANDS = [
  ReserveStockCommand,
  ReleaseStockCommand,
  CapturePaymentCommand,
  RefundPaymentCommand,
  ShipOrderCommand,
  CancelOrderCommand,
];

/**
 * Order fulfilment: the simulated stock and payment services (event-sourced `StockReservation`
 * and `Payment`) and the `order-fulfilment` saga driving a confirmed order through them, with
 * its state, outgoing commands and payment timeout in PostgreSQL (the durable scheduler). The
 * saga acts as `saga:order-fulfilment` with the `fulfilment` role, in the order's tenant.
 */
@Module({})
export class FulfilmentModule {
  /** Registers fulfilment with `options`. */
  static forRoot(options: FulfilmentModuleOptions): DynamicModule {
    const workers = options.workers ?? true;
    return {
      module: FulfilmentModule,
      imports: [
        // Order too: the simulated services read the order they serve, shipping changes it.
        EventStoreModule.forFeature([StockReservation, Payment, Order], {
          events: [...FULFILMENT_EVENTS, ...ORDER_EVENTS],
        }),
        SagasModule.forRoot({
          sagas: [orderFulfilmentSaga(options.config.paymentTimeoutMs)],
          commands: STORED_COMMANDS,
          roles: [FULFILMENT_ROLE],
          postgres: { migrate: true },
          // Saga timeouts are scheduled commands (`RowLevelSecuritySetup` grants the tables).
          scheduling: {
            store: 'postgres',
            postgres: { migrate: true },
            commands: [],
            worker: { autoStart: workers },
          },
          adminApi: options.api ?? true,
          autoStart: workers,
        }),
      ],
      providers: [...FULFILMENT_COMMAND_HANDLERS],
    };
  }
}
