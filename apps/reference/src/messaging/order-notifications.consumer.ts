import { Inbox } from '@cqrs-ddd/outbox';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Public } from '../auth/public.decorator.js';
import { OrderNotificationStore } from './order-notification.store.js';

/** Payload of the `order.confirmed` / `order.cancelled` integration events. */
interface OrderEventPayload {
  readonly orderId: string;
}

/**
 * The app's own consumer of its integration events, received back from RabbitMQ: each message
 * is handled once (the inbox de-duplicates on its id, in the transaction of the notification
 * row), in the tenant and correlation of the request that caused it. `@Public()`: the app's own
 * outbox publishes these messages without a credential (the broker is the trust boundary); the
 * handlers only record notifications and send no command.
 */
@Public()
@Controller()
export class OrderNotificationsConsumer {
  constructor(private readonly notifications: OrderNotificationStore) {}

  /** Records that an order was confirmed. */
  @EventPattern('order.confirmed')
  @Inbox({ consumer: 'notifications.order-confirmed' })
  async confirmed(@Payload() payload: OrderEventPayload): Promise<void> {
    await this.notifications.record(payload.orderId, 'order.confirmed');
  }

  /** Records that an order was cancelled. */
  @EventPattern('order.cancelled')
  @Inbox({ consumer: 'notifications.order-cancelled' })
  async cancelled(@Payload() payload: OrderEventPayload): Promise<void> {
    await this.notifications.record(payload.orderId, 'order.cancelled');
  }
}
