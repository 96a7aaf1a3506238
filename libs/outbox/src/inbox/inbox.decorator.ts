import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import {
  assertValidInboxHandlerOptions,
  INBOX_HANDLER_OPTIONS,
  type InboxHandlerOptions,
} from './inbox-handler.options.js';
import { InboxInterceptor } from './inbox.interceptor.js';

/**
 * Makes a microservice handler an idempotent consumer through the {@link InboxInterceptor}:
 * the handler runs at most once per message id (and consumer), in one transaction with its
 * inbox record; the message is acked after the commit, retried, then dead-lettered. Needs
 * `InboxModule.forRoot(...)`; with RabbitMQ, consume with `noAck: false` and give the queue an
 * `x-dead-letter-exchange`.
 *
 * ```ts
 * @EventPattern('orders.order-confirmed.v1')
 * @Inbox()
 * async confirmed(@Payload() event: OrderConfirmed) {
 *   await this.commandBus.execute(new ReserveStock(event.orderId, event.lines));
 * }
 * ```
 * @throws OutboxConfigurationError on an invalid `consumer` or `maxAttempts`
 */
export function Inbox(options: InboxHandlerOptions = {}): MethodDecorator {
  assertValidInboxHandlerOptions(options);
  return applyDecorators(
    SetMetadata(INBOX_HANDLER_OPTIONS, options),
    UseInterceptors(InboxInterceptor),
  );
}
