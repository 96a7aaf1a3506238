// Test fixture (not part of the public API): a small shop domain for the saga tests. Every
// command handler appends one event to the stream `effects-<orderId>` through the event store
// (so, in the pipeline's transaction) and records the request context it ran in.
import {
  currentRequestContext,
  DomainRuleViolation,
  EventStore,
  eventMetadataFromContext,
  type RequestContextState,
} from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { defineSaga } from './saga.builder.js';
import { Saga, type SagaClass } from './saga.decorator.js';

/** How the simulated services behave for an order (its `mode`). */
export type ShopMode =
  | 'ok'
  | 'decline' // payment declined by an event (failedBy)
  | 'error' // payment command refused (command failure)
  | 'silent' // payment never answers (timeout)
  | 'confirm-fails' // the last step's command is refused: compensates two steps
  | 'release-stuck'; // payment refused, then releasing the stock fails while `stuck` is set

/** Marks a stream's start: an order placed (tenant from the context). */
export const ORDER_PLACED = 'shop.order-placed';

const event = (type: string) => ({ type, name: type });
/** Event "classes" (a static type is all a matcher needs). */
export const StockReserved = event('shop.stock-reserved');
export const PaymentCaptured = event('shop.payment-captured');
export const PaymentDeclined = event('shop.payment-declined');
export const OrderConfirmed = event('shop.order-confirmed');

abstract class OrderCommand {
  constructor(
    readonly orderId: string,
    readonly mode: ShopMode = 'ok',
  ) {}
}
export class ReserveStock extends OrderCommand {
  static readonly type = 'shop.reserve-stock';
}
export class ReleaseStock extends OrderCommand {
  static readonly type = 'shop.release-stock';
}
export class CapturePayment extends OrderCommand {
  static readonly type = 'shop.capture-payment';
}
export class RefundPayment extends OrderCommand {
  static readonly type = 'shop.refund-payment';
}
export class ConfirmOrder extends OrderCommand {
  static readonly type = 'shop.confirm-order';
}
export class CancelOrder extends OrderCommand {
  static readonly type = 'shop.cancel-order';
}

/** Every command of the shop, for the command type registry. */
export const SHOP_COMMANDS = [
  ReserveStock,
  ReleaseStock,
  CapturePayment,
  RefundPayment,
  ConfirmOrder,
  CancelOrder,
];

/** What the simulated services saw: each command execution with its context. */
@Injectable()
export class ShopLedger {
  readonly executions: { type: string; orderId: string; context?: RequestContextState }[] = [];
  /** While set, releasing stock fails. */
  stuck = true;
}

interface FulfilmentState {
  readonly orderId: string;
  readonly mode: ShopMode;
  readonly reservationId?: string;
}

/** The saga under test: reserve stock → capture payment (timeout) → confirm. */
export function shopFulfilment(paymentTimeoutMs: number) {
  return defineSaga<FulfilmentState>('shop-fulfilment')
    .startedBy(ORDER_PLACED, {
      correlate: (e) => e.streamId,
      init: (e) => ({ orderId: e.streamId, mode: e.data.mode as ShopMode }),
    })
    .step('reserve-stock', {
      command: (s) => new ReserveStock(s.orderId, s.mode),
      completedBy: StockReserved,
      correlate: (e) => e.data.orderId as string,
      apply: (s, e) => ({ ...s, reservationId: e.data.reservationId as string }),
      compensate: (s) => new ReleaseStock(s.orderId, s.mode),
    })
    .step('capture-payment', {
      command: (s) => new CapturePayment(s.orderId, s.mode),
      completedBy: PaymentCaptured,
      failedBy: [PaymentDeclined],
      correlate: (e) => e.data.orderId as string,
      compensate: (s) => new RefundPayment(s.orderId, s.mode),
      timeout: { afterMs: paymentTimeoutMs, reason: 'payment not captured in time' },
    })
    .step('confirm', {
      command: (s) => new ConfirmOrder(s.orderId, s.mode),
      completedBy: OrderConfirmed,
      correlate: (e) => e.data.orderId as string,
    })
    .compensateStart((s) => new CancelOrder(s.orderId, s.mode))
    .build();
}

/** A class-form saga (discovered): waits for the confirmation of every order placed. */
@Saga()
export class ConfirmationWatchSaga implements SagaClass {
  constructor(readonly ledger: ShopLedger) {}

  define() {
    return defineSaga('confirmation-watch')
      .startedBy(ORDER_PLACED, { correlate: (e) => e.streamId, init: () => ({}) })
      .step('confirmed', {
        completedBy: OrderConfirmed,
        correlate: (e) => e.data.orderId as string,
      })
      .build();
  }
}

/** What each command appends (`undefined`: nothing), or an error to throw. */
function outcome(command: OrderCommand, ledger: ShopLedger): string | Error | undefined {
  switch ((command.constructor as unknown as { type: string }).type) {
    case ReserveStock.type:
      return StockReserved.type;
    case CapturePayment.type:
      if (command.mode === 'error' || command.mode === 'release-stuck')
        return new DomainRuleViolation('shop.card-refused', 'card refused');
      if (command.mode === 'silent') return undefined;
      return command.mode === 'decline' ? PaymentDeclined.type : PaymentCaptured.type;
    case ConfirmOrder.type:
      return command.mode === 'confirm-fails'
        ? new DomainRuleViolation('shop.order-locked', 'order locked')
        : OrderConfirmed.type;
    case ReleaseStock.type:
      return command.mode === 'release-stuck' && ledger.stuck
        ? new DomainRuleViolation('shop.warehouse-offline', 'warehouse offline')
        : 'shop.stock-released';
    case RefundPayment.type:
      return 'shop.payment-refunded';
    default:
      return 'shop.order-cancelled';
  }
}

/** Handles every shop command: appends its event to `effects-<orderId>`, or throws. */
@Injectable()
class ShopHandler {
  constructor(
    private readonly eventStore: EventStore,
    private readonly ledger: ShopLedger,
  ) {}

  async execute(command: OrderCommand): Promise<void> {
    const type = (command.constructor as unknown as { type: string }).type;
    this.ledger.executions.push({
      type,
      orderId: command.orderId,
      context: currentRequestContext(),
    });
    const result = outcome(command, this.ledger);
    if (result instanceof Error) throw result;
    if (result === undefined) return;
    await this.eventStore.append(`effects-${command.orderId}`, [
      {
        type: result,
        version: 1,
        data: { orderId: command.orderId, reservationId: `r-${command.orderId}` },
        metadata: eventMetadataFromContext(),
      },
    ]);
  }
}

/** One `@CommandHandler` class per command, all delegating to {@link ShopHandler}. */
export const SHOP_HANDLERS = SHOP_COMMANDS.map((command) => {
  @CommandHandler(command)
  class Handler implements ICommandHandler<OrderCommand> {
    constructor(readonly shop: ShopHandler) {}
    execute(c: OrderCommand) {
      return this.shop.execute(c);
    }
  }
  Object.defineProperty(Handler, 'name', { value: `${command.name}Handler` });
  return Handler;
});

/** Providers of the shop: the handlers, their shared service and the ledger. */
export const SHOP_PROVIDERS = [ShopHandler, ShopLedger, ...SHOP_HANDLERS];
